using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Sources;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>Finds the files in tests/fixtures/start-time and reads them the way the report does.</summary>
internal static class Fixtures
{
    public static string Directory { get; } = FindDirectory();

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    public const string ChaosCluster = "arn:aws:ecs:us-east-1:111122223333:cluster/chaos";

    public static string TaskArn(string idPrefix) => $"arn:aws:ecs:us-east-1:111122223333:task/chaos/{Id(idPrefix)}";

    /// <summary>The fixtures' task ids repeat a two-character prefix: "a1" → a1a1…a1 (32 chars).</summary>
    public static string Id(string prefix) => string.Concat(Enumerable.Repeat(prefix, 16));

    public static async Task<(TaskStartMerger Merger, InputTally Tally)> ReadAsync(string cluster, params string[] files)
    {
        var tally = new InputTally();
        var intake = new EventIntake(cluster, tally);
        var merger = new TaskStartMerger();
        foreach (string file in files)
        {
            await foreach (TaskStartSample sample in EventFileReader.ReadAsync(PathOf(file), intake))
            {
                merger.Add(sample);
            }
        }

        return (merger, tally);
    }

    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);

    private static string FindDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = System.IO.Path.Combine(directory.FullName, "tests", "fixtures", "start-time");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/fixtures/start-time not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A stream that hands out at most a few bytes per read, to put chunk boundaries everywhere.</summary>
internal sealed class TrickleStream(Stream inner, int maxBytesPerRead) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, maxBytesPerRead));
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer[..Math.Min(buffer.Length, maxBytesPerRead)], cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
