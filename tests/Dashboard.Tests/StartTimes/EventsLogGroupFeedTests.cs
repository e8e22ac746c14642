using ChaosDashboard.Aws.Errors;
using ChaosDashboard.StartTime.Sources;
using ChaosDashboard.StartTime.Storage;
using ChaosDashboard.StartTimes;
using Microsoft.Extensions.Logging.Abstractions;
using static ChaosDashboard.Tests.StartTimes.StartTimeTestData;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>AWS mode's events log group: read, read again from where it left off, and problems shown as notes.</summary>
public class EventsLogGroupFeedTests
{
    const string Group = "/ecs/cluster/events/chaos";

    static EventsLogGroupFeed Feed(StartTimeBoard board, ILogGroupReader? reader, Func<EventsLogGroupTarget> locate) =>
        new(board, reader, locate, new StartTimeOptions { RefreshSeconds = 3600 }, NullLogger<EventsLogGroupFeed>.Instance);

    /// <summary>A reader that fails as CloudWatch Logs does when the caller may not read the group.</summary>
    sealed class DeniedReader : ILogGroupReader
    {
        public async IAsyncEnumerable<string> ReadMessagesAsync(string logGroupName, DateTimeOffset? since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            throw new AwsServiceException("CloudWatch Logs", "DescribeLogStreams", 400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/participant is not authorized to perform: logs:DescribeLogStreams", "req-1");
#pragma warning disable CS0162 // an iterator needs a yield to be one
            yield break;
#pragma warning restore CS0162
        }
    }

    [Fact]
    public async Task The_group_is_read_completely_then_only_from_shortly_before_the_last_read()
    {
        using var folder = new TempFolder();
        await using var board = Board(folder.File("st.db"));
        var now = DateTimeOffset.UtcNow;
        var reader = new InMemoryLogGroupReader()
            // Logged long ago: read the first time only.
            .Add(Group, now.AddHours(-3), Event("e1", "alpha:1", "PENDING", 2, "10:00:00", pullStarted: "10:00:05"))
            .Add(Group, now.AddHours(-3), Event("e1", "alpha:1", "RUNNING", 3, "10:00:00", "10:00:05", "10:00:06", "10:00:06.500"))
            .Add(Group, now.AddHours(-3), "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}")
            .Add(Group, now.AddHours(-3), "{not json");
        var feed = Feed(board, reader, () => EventsLogGroupTarget.At(Group));

        var first = await feed.ReadOnceAsync(Group, default);
        Assert.Contains("(every event): 2 task events, 1 task new, 0 updated.", first);
        Assert.Contains("1 message of another kind ignored.", first);
        Assert.Contains("1 message could not be read (first: /ecs/cluster/events/chaos message 4: ", first);
        var e1 = Assert.Single(await board.QueryAsync(StartTimeQuery.All, default));
        Assert.Equal(At("10:00:06.500"), e1.StartedAt);

        // Logged just now: within the window of the next read, together with nothing older.
        reader.Add(Group, DateTimeOffset.UtcNow, Event("e2", "alpha:1", "RUNNING", 3, "10:05:00", "10:05:04", "10:05:05", "10:05:06"));
        var second = await feed.ReadOnceAsync(Group, default);
        Assert.Contains("1 task event, 1 task new, 0 updated.", second);
        Assert.Matches(@"\(events since \d\d:\d\d:\d\d\)", second);
        Assert.Equal(["e1", "e2"], (await board.QueryAsync(StartTimeQuery.All, default)).Select(t => t.TaskId));
    }

    public static TheoryData<string, string> Problems => new()
    {
        { "missing", "The events log group /ecs/cluster/events/chaos does not exist, so start times come only from the tasks the dashboard watches and from imports. Deploy the event capture (infra/workshop.yaml) or set Aws:EventsLogGroup." },
        { "denied", "Not allowed to read /ecs/cluster/events/chaos (CloudWatch Logs DescribeLogStreams failed: AccessDeniedException — User: arn:aws:iam::123456789012:user/participant is not authorized to perform: logs:DescribeLogStreams). Allow logs:DescribeLogStreams and logs:GetLogEvents on it." },
        { "no cluster", "No events log group: set Aws:EventsLogGroup." },
    };

    [Theory, MemberData(nameof(Problems))]
    public async Task A_group_that_cannot_be_read_is_a_warning_on_the_page_and_the_feed_keeps_going(string problem, string expected)
    {
        using var folder = new TempFolder();
        await using var board = Board(folder.File("st.db"));
        ILogGroupReader reader = problem == "denied" ? new DeniedReader() : new InMemoryLogGroupReader();
        var target = problem == "no cluster" ? EventsLogGroupTarget.Unavailable("No events log group: set Aws:EventsLogGroup.") : EventsLogGroupTarget.At(Group);
        var feed = Feed(board, reader, () => target);

        await feed.StartAsync(default);
        await Eventually.Until(() => Task.FromResult(board.Notes.Any(n => n.Source == EventsLogGroupFeed.Source)), "a note about the log group");
        var note = Assert.Single(board.Notes);
        Assert.Equal(NoteLevel.Warning, note.Level);
        Assert.Equal(expected, note.Message);
        Assert.NotNull(feed.ExecuteTask);
        Assert.False(feed.ExecuteTask!.IsCompleted);
        await feed.StopAsync(default);
    }

    [Fact]
    public async Task In_the_sandbox_there_is_no_log_group_and_nothing_to_say()
    {
        using var folder = new TempFolder();
        await using var board = Board(folder.File("st.db"));
        var feed = Feed(board, null, () => EventsLogGroupTarget.None);
        await feed.StartAsync(default);
        await feed.ExecuteTask!;
        Assert.Empty(board.Notes);
    }
}
