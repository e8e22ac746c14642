namespace ChaosDashboard.Aws.Tests.Infrastructure;

// Each attribute skips on a developer machine without the tool and fails in CI (see TestEnvironment).

/// <summary>A fact that needs the botocore service models.</summary>
public sealed class ModelFactAttribute : FactAttribute
{
    public ModelFactAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(BotocoreModels.Available, BotocoreModels.MissingMessage);
}

/// <summary>A theory that needs the botocore service models.</summary>
public sealed class ModelTheoryAttribute : TheoryAttribute
{
    public ModelTheoryAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(BotocoreModels.Available, BotocoreModels.MissingMessage);
}

/// <summary>A fact that needs the aws CLI.</summary>
public sealed class AwsCliFactAttribute : FactAttribute
{
    public AwsCliFactAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(AwsCli.Path is not null, AwsCli.MissingMessage);
}

/// <summary>A fact that needs node and the dynalite package.</summary>
public sealed class DynaliteFactAttribute : FactAttribute
{
    public DynaliteFactAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(DynaliteProcess.CanStart, DynaliteProcess.MissingMessage);
}

/// <summary>A theory that needs the aws CLI.</summary>
public sealed class AwsCliTheoryAttribute : TheoryAttribute
{
    public AwsCliTheoryAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(AwsCli.Path is not null, AwsCli.MissingMessage);
}
