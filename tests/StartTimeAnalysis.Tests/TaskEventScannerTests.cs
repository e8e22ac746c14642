using System.Text;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>
/// The fast scanner must never disagree with the parser: whatever it accepts, the parser accepts the
/// same way with the same sample; everything else it hands to the parser. Checked on every fixture line
/// and on thousands of damaged copies of them.
/// </summary>
public class TaskEventScannerTests
{
    private static IEnumerable<string> FixtureLines() =>
        File.ReadLines(Fixtures.PathOf("events.jsonl")).Where(line => line.Trim().Length > 0);

    /// <summary>Scans with both and fails on any disagreement; returns the scanner's outcome.</summary>
    private static ScanOutcome AssertAgree(byte[] line, TaskEventScanner scanner, TaskStateChangeParser parser)
    {
        ScanOutcome scanned = scanner.Scan(line, out TaskObservation observation);
        ParseOutcome parsed = parser.Parse(line, out TaskStartSample? sample, out string? error);
        string shown = Encoding.UTF8.GetString(line);
        switch (scanned)
        {
            case ScanOutcome.TaskEvent:
                Assert.True(parsed == ParseOutcome.TaskStateChange, $"scanner took a line the parser calls {parsed} ({error}): {shown}");
                TaskStartSample fromScanner = observation.ToSample();
                Assert.Equal(sample!.Containers, fromScanner.Containers);
                Assert.Equal(sample with { Containers = [] }, fromScanner with { Containers = [] });
                break;
            case ScanOutcome.OtherKind:
                Assert.True(parsed == ParseOutcome.OtherKind, $"scanner called other kind a line the parser calls {parsed} ({error}): {shown}");
                break;
        }

        return scanned;
    }

    [Fact]
    public void Every_fixture_line_reads_the_same_as_with_the_parser_and_the_usual_ones_take_the_fast_path()
    {
        var scanner = new TaskEventScanner(new StringPool(), everyField: true);
        var parser = new TaskStateChangeParser();
        var outcomes = FixtureLines().Select(line => AssertAgree(Encoding.UTF8.GetBytes(line), scanner, parser)).ToList();

        // 17 task events (every cluster) and 2 other kinds are read fast; the three malformed lines go to the parser.
        Assert.Equal(17, outcomes.Count(o => o == ScanOutcome.TaskEvent));
        Assert.Equal(2, outcomes.Count(o => o == ScanOutcome.OtherKind));
        Assert.Equal(3, outcomes.Count(o => o == ScanOutcome.NeedsParser));
    }

    [Fact]
    public void A_string_stops_at_its_first_quote_backslash_or_control_character_wherever_it_falls()
    {
        // Every place of a stop before, across and after the 32 and 16 bytes compared at a time, from every start.
        byte[] stops = [(byte)'"', (byte)'\\', 0x00, 0x01, 0x1f];
        for (int length = 0; length <= 80; length++)
        {
            for (int from = 0; from <= Math.Min(length, 17); from++)
            {
                byte[] text = Enumerable.Range(0, length).Select(i => (byte)(0x20 + ((i * 7) % 90) + (i % 3 == 0 ? 0 : 1))).ToArray();
                text.AsSpan().Replace((byte)'"', (byte)'a');
                text.AsSpan().Replace((byte)'\\', (byte)'b');
                int none = from;
                Assert.False(JsonSyntax.TryFindStringStop(text, ref none), $"length {length} from {from}");
                Assert.Equal(length, none);
                for (int place = from; place < length; place++)
                {
                    byte[] withStop = (byte[])text.Clone();
                    withStop[place] = stops[(place + length) % stops.Length];
                    if (place + 1 < length)
                    {
                        withStop[length - 1] = (byte)'"';
                    }

                    int at = from;
                    Assert.True(JsonSyntax.TryFindStringStop(withStop, ref at), $"length {length} from {from} stop at {place}");
                    Assert.Equal(place, at);
                }
            }
        }
    }

    [Fact]
    public void Damaged_copies_of_the_fixture_lines_are_never_read_differently()
    {
        var scanner = new TaskEventScanner(new StringPool(), everyField: true);
        var parser = new TaskStateChangeParser();
        var random = new Random(2026);
        byte[] replacements = "{}[]\",:\\ 0-9.eEtfnul\"ax\t"u8.ToArray();
        var seen = new int[3];
        foreach (string text in FixtureLines())
        {
            byte[] original = Encoding.UTF8.GetBytes(text);
            for (int i = 0; i < 400; i++)
            {
                byte[] line = (byte[])original.Clone();
                int at = random.Next(line.Length);
                switch (random.Next(4))
                {
                    case 0: line[at] = replacements[random.Next(replacements.Length)]; break;
                    case 1: line = [.. line[..at], .. line[(at + 1)..]]; break;
                    case 2: line = [.. line[..at], replacements[random.Next(replacements.Length)], .. line[at..]]; break;
                    default: line = line[..at]; break;
                }

                seen[(int)AssertAgree(line, scanner, parser)]++;
            }
        }

        // Both ways are exercised: many damaged lines still read (a changed id, a skipped field), many go to the parser.
        Assert.True(seen[(int)ScanOutcome.TaskEvent] > 1000, $"{seen[0]} read fast");
        Assert.True(seen[(int)ScanOutcome.NeedsParser] > 1000, $"{seen[2]} handed on");
    }

    [Theory]
    [InlineData("escaped value read", """{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"arn:aws:ecs:r:1:task/c/a\u0031","lastStatus":"RUNNING"}}""")]
    [InlineData("escaped envelope", """{"detail-type":"ECS Task State \u0043hange","source":"aws.ecs","detail":{"taskArn":"arn:aws:ecs:r:1:task/c/t"}}""")]
    [InlineData("repeated detail-type", """{"detail-type":"x","detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"arn:aws:ecs:r:1:task/c/t"}}""")]
    [InlineData("epoch seconds", """{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"arn:aws:ecs:r:1:task/c/t","createdAt":1677842700.25}}""")]
    [InlineData("version not whole", """{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"arn:aws:ecs:r:1:task/c/t","version":2.0}}""")]
    [InlineData("no task ARN", """{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"lastStatus":"RUNNING"}}""")]
    [InlineData("a second value", """{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"arn:aws:ecs:r:1:task/c/t"}} {}""")]
    public void Unusual_lines_are_left_to_the_parser(string what, string line)
    {
        var scanner = new TaskEventScanner(new StringPool(), everyField: true);

        Assert.True(ScanOutcome.NeedsParser == scanner.Scan(Encoding.UTF8.GetBytes(line), out _), what);
        AssertAgree(Encoding.UTF8.GetBytes(line), scanner, new TaskStateChangeParser());
    }

    [Fact]
    public void Nesting_deeper_than_the_scanner_goes_is_left_to_the_parser_which_still_reads_it()
    {
        string deep = new string('[', 40) + new string(']', 40);
        byte[] line = Encoding.UTF8.GetBytes(
            "{\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"detail\":{\"taskArn\":\"arn:aws:ecs:r:1:task/c/t\",\"overrides\":" + deep + "}}");
        var scanner = new TaskEventScanner(new StringPool(), everyField: false);

        Assert.Equal(ScanOutcome.NeedsParser, scanner.Scan(line, out _));
        Assert.Equal(ParseOutcome.TaskStateChange, new TaskStateChangeParser().Parse(line, out _, out _));
    }

    [Theory]
    [InlineData("2023-03-03T11:24:40.5Z")]
    [InlineData("2023-03-03T11:24:44Z")]
    [InlineData("2024-02-29T23:59:59.999999Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2023-03-03T12:24:40.5+01:00")]
    public void Times_counted_straight_from_their_fields_equal_the_dates_they_name(string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        Assert.True(EcsTimestamp.TryParseIso8601(bytes, out DateTimeOffset expected));
        Assert.True(EcsTimestamp.TryParseIso8601Milliseconds(bytes, out long milliseconds));
        Assert.Equal(expected.ToUnixTimeMilliseconds(), milliseconds);
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2023-13-01T00:00:00Z")]
    [InlineData("2023-03-03T24:00:00Z")]
    [InlineData("2023-03-03T11:24:40.Z")]
    [InlineData("2023-03-03T11:24:40,5Z")]
    public void Impossible_times_are_refused_by_both(string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        Assert.False(EcsTimestamp.TryParseIso8601(bytes, out _));
        Assert.False(EcsTimestamp.TryParseIso8601Milliseconds(bytes, out _));
    }
}
