using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ChaosDashboard.Tests.StartTimes.StartTimeTestData;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>
/// Imports of files a hostile user might send, into a real SQLite file on disk: all or nothing, counts
/// from what was written, never a 500 for anything in the file.
/// </summary>
public sealed class StartTimeImportTests : IAsyncLifetime
{
    readonly TempFolder _folder = new();
    WebApplicationFactory<Program> _factory = default!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("StartTimes:Database", _folder.File("st.db"))
            .UseSetting("StartTimes:SandboxSeedTasksPerFamily", "0"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _folder.Dispose();
    }

    sealed record ImportCounts(long Messages, long TaskEvents, int Tasks, int Added, int Updated, int AlreadyKnown,
        long Malformed, List<string> MalformedExamples, int Implausible);

    async Task<(HttpStatusCode Status, ImportCounts? Counts, string Body)> ImportAsync(HttpClient client, byte[] file)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "import.jsonl" } };
        var response = await client.PostAsync("/api/start-times/import", form);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonSerializer.Deserialize<ImportCounts>(body, JsonSerializerOptions.Web) : null, body);
    }

    /// <summary>1,200 tasks a minute apart, each one RUNNING event; the last created at the calendar's last millisecond.</summary>
    static byte[] TwelveHundredTasks()
    {
        var lines = Enumerable.Range(0, 1_200).Select(i =>
        {
            var created = At("00:00:00").AddMinutes(i);
            string Time(double seconds) => created.AddSeconds(seconds).ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
            var line = Event($"n{i:0000}", "bulk:1", "RUNNING", 3, Time(0), Time(4), Time(5), Time(6));
            return i == 1_199 ? line.Replace("2026-05-04T" + Time(0) + "Z\",\"pullStartedAt", "9999-12-31T23:59:59.999Z\",\"pullStartedAt") : line;
        });
        return Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
    }

    [Fact]
    public async Task A_file_of_1200_tasks_ending_at_the_end_of_the_calendar_is_saved_whole()
    {
        var (status, counts, body) = await ImportAsync(_factory.CreateClient(), TwelveHundredTasks());

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal((1_200, 1_200, 0, 0L), (counts!.Tasks, counts.Added, counts.AlreadyKnown, counts.Malformed));
        Assert.Equal(1, counts.Implausible); // created after it started: kept, listed, not averaged
        var board = _factory.Services.GetRequiredService<StartTimeBoard>();
        Assert.Equal(1_200, await board.CountAsync(default));

        var csv = await _factory.CreateClient().GetStringAsync("/api/start-times/export?format=csv&family=bulk");
        Assert.Contains("n1199,", csv);
        Assert.Contains(",9999-12-31T23:59:59.999Z,", csv);
        Assert.Contains("(implausible)", csv);
        Assert.Contains("bulk,1,1200,0,total,1199,6.000,", csv); // 1,199 plausible tasks of 6 s each
    }

    [Fact]
    public async Task A_cancelled_import_saves_nothing_even_halfway_through_its_transaction()
    {
        var board = _factory.Services.GetRequiredService<StartTimeBoard>();
        using var cancel = new CancellationTokenSource();
        IEnumerable<TaskStartSample> Tasks()
        {
            for (var i = 0; i < 1_200; i++)
            {
                if (i == 700) cancel.Cancel(); // the request goes away while its tasks are being written
                yield return Sample($"c{i}", "bulk:1", "10:00:00", "10:00:04", "10:00:05", "10:00:06");
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => board.ImportAsync(Tasks(), cancel.Token));

        Assert.Equal(0, await board.CountAsync(default));
        Assert.True((await board.SamplesAsync()).Persistent); // it was the SQLite file that refused the half
        Assert.True(File.Exists(_folder.File("st.db")));
    }

    [Fact]
    public async Task Two_dashboards_importing_the_same_file_into_one_database_count_what_each_actually_added()
    {
        var file = TwelveHundredTasks();
        await using var other = _factory.WithWebHostBuilder(_ => { });
        var first = ImportAsync(_factory.CreateClient(), file);
        var second = ImportAsync(other.CreateClient(), file);
        var results = await Task.WhenAll(first, second);

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal(1_200, results.Sum(r => r.Counts!.Added));
        Assert.Equal(1_200, results.Sum(r => r.Counts!.AlreadyKnown));
        Assert.Equal(1_200, await _factory.Services.GetRequiredService<StartTimeBoard>().CountAsync(default));
    }

    [Fact]
    public async Task A_line_of_invalid_utf8_is_one_malformed_line_with_its_number()
    {
        byte[] file =
        [
            .. Encoding.UTF8.GetBytes(Event("u1", "gamma:7", "RUNNING", 3, "11:00:00", "11:00:04", "11:00:05.250", "11:00:06") + "\n"),
            .. "{\"detail-type\":\"ECS Task State Change\",\"caf"u8, 0xC3, 0x28, 0xFF, .. "\":1}\n"u8,
            .. Encoding.UTF8.GetBytes(Event("u2", "gamma:7", "RUNNING", 3, "11:01:00", "11:01:04", "11:01:05", "11:01:06") + "\n"),
        ];

        var (status, counts, body) = await ImportAsync(_factory.CreateClient(), file);

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal((2, 1L), (counts!.Added, counts.Malformed));
        Assert.StartsWith("import.jsonl line 2: not valid UTF-8 text", Assert.Single(counts.MalformedExamples));
    }

    [Fact]
    public async Task Implausible_tasks_are_saved_marked_on_the_page_and_left_out_of_its_figures()
    {
        var file = Encoding.UTF8.GetBytes(string.Join("\n",
            Event("p1", "delta:1", "RUNNING", 3, "12:00:00", "12:00:04", "12:00:05", "12:00:06"),
            Event("p2", "delta:1", "RUNNING", 3, "12:01:00", "12:00:50", "12:01:05", "12:01:06")) + "\n");

        var (_, counts, _) = await ImportAsync(_factory.CreateClient(), file);
        Assert.Equal((2, 1), (counts!.Added, counts.Implausible));

        using var state = JsonDocument.Parse(await _factory.CreateClient().GetStringAsync("/api/start-times?family=delta"));
        var rows = state.RootElement.GetProperty("tasks").EnumerateArray().ToDictionary(r => r.GetProperty("taskId").GetString()!);
        Assert.True(rows["p2"].GetProperty("implausible").GetBoolean());
        Assert.False(rows["p1"].GetProperty("implausible").GetBoolean());

        var html = await _factory.CreateClient().GetStringAsync("/start-times?family=delta");
        Assert.Contains("data-task=\"p2\" data-started=\"true\" data-implausible=\"true\"", html);
        Assert.Contains(" implausible</td>", html); // after "RUNNING ·", as the HTML encoder writes it
        var csv = await _factory.CreateClient().GetStringAsync("/api/start-times/export?format=csv&family=delta");
        Assert.Contains(",-10.000 (implausible),", csv);
        Assert.Contains("delta,1,2,0,total,1,6.000,6.000,", csv);
    }

    [Fact]
    public async Task A_task_definition_named_like_a_formula_is_exported_as_text()
    {
        var line = Event("f1", "x:1", "RUNNING", 3, "13:00:00", "13:00:04", "13:00:05", "13:00:06")
            .Replace("task-definition/x:1", "task-definition/=HYPERLINK(\\\"http://evil\\\",\\\"open\\\"):1");
        var (_, counts, body) = await ImportAsync(_factory.CreateClient(), Encoding.UTF8.GetBytes(line + "\n"));
        Assert.True(counts?.Added == 1, body);

        var csv = await _factory.CreateClient().GetStringAsync("/api/start-times/export?format=csv");
        Assert.Contains($",{Arn("f1")},\"'=HYPERLINK(\"\"http://evil\"\",\"\"open\"\")\",1,RUNNING,", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv);
        Assert.DoesNotContain(",\"=HYPERLINK", csv);
    }
}
