namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>
/// The AWS-mode tests run one at a time and apart from the other browser tests: each runs dynalite,
/// the fake AWS, the dashboard and Chromium, and the fake's tasks write on a timer that a second
/// test competing for two cores could stretch past the moment the experiment must stop them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AwsModeCollection
{
    public const string Name = "AWS mode";
}
