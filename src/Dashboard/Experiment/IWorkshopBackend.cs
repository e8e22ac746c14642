namespace ChaosDashboard.Experiment;

/// <summary>The outcome of one action, as the button that asked for it shows it.</summary>
public sealed record ActionOutcome(bool Ok, string Message, string? ResourceId = null)
{
    public static ActionOutcome Done(string message, string? resourceId = null) => new(true, message, resourceId);
    public static ActionOutcome Failed(string message) => new(false, message);
}

/// <summary>
/// The AWS side of the workshop: ECS, FIS and the table. The sandbox simulates it in-process; AWS
/// mode calls the real services. Either one reports what it observes to <see cref="LiveExperiment"/>.
/// </summary>
/// <remarks>Every action carries a client token: asking twice with the same token acts once.</remarks>
public interface IWorkshopBackend
{
    Task<ActionOutcome> LaunchTaskAsync(TaskKind kind, string clientToken, CancellationToken cancellationToken);
    Task<ActionOutcome> StartExperimentAsync(string clientToken, CancellationToken cancellationToken);
    Task<ActionOutcome> StopExperimentAsync(string experimentId, CancellationToken cancellationToken);
    Task<ActionOutcome> StopTaskAsync(string taskId, CancellationToken cancellationToken);
    Task<ActionOutcome> ClearTableAsync(CancellationToken cancellationToken);
}
