namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// Operations and members the current AWS APIs have but older botocore releases lack (Debian 12's
/// python3-botocore is 1.29, from late 2022). They are excused only when the model in use really
/// lacks them; with a newer model they are checked like everything else.
/// </summary>
public static class ModelAllowances
{
    /// <summary>(service, operation, HTTP method, URI template) of operations newer than old models.</summary>
    public static readonly IReadOnlyList<(string Service, string Operation, string Method, string UriTemplate)> NewerOperations =
    [
        ("fis", "ListExperimentResolvedTargets", "GET", "/experiments/{id}/resolvedTargets"),
    ];

    /// <summary>(service, input shape, member) of request members newer than old models.</summary>
    public static readonly IReadOnlyList<(string Service, string Shape, string Member)> NewerMembers =
    [
        ("ecs", "RunTaskRequest", "clientToken"),
        ("fis", "ListExperimentsRequest", "experimentTemplateId"),
    ];

    public static bool IsNewerMember(string service, string shape, string member) =>
        NewerMembers.Contains((service, shape, member));
}
