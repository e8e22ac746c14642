using ChaosDashboard.Aws.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ChaosDashboard.Aws.Tests.Contract;

public static class ContractAssert
{
    /// <summary>
    /// Every request is a valid call of <paramref name="expectedOperation"/> according to the model.
    /// Allowances for members newer than an old model are written to the test output.
    /// </summary>
    public static void RequestsMatchModel(
        ServiceModel model, string service, IReadOnlyList<CapturedRequest> requests, string expectedOperation, ITestOutputHelper output)
    {
        Assert.NotEmpty(requests);
        var problems = new List<string>();
        foreach (var request in requests)
        {
            var result = ModelRequestChecker.Check(model, service, request);
            if (result.Operation != expectedOperation)
            {
                problems.Add($"{request.Method} {request.RawPathAndQuery} was identified as {result.Operation ?? "no operation"}, expected {expectedOperation}");
            }

            problems.AddRange(result.Problems.Select(problem => $"{result.Operation}: {problem}"));
            foreach (var excused in result.Excused)
            {
                output.WriteLine($"allowed: {excused}");
            }
        }

        if (problems.Count > 0)
        {
            throw new XunitException(
                $"Requests do not match {model.Describe}:\n  " + string.Join("\n  ", problems.Distinct())
                + "\nBodies:\n  " + string.Join("\n  ", requests.Select(r => $"{r.Method} {r.RawPathAndQuery} {r.BodyText}")));
        }
    }
}
