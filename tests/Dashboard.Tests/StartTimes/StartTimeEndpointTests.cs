using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChaosDashboard.StartTimes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ChaosDashboard.Tests.StartTimes.StartTimeTestData;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>
/// The page, export and import over HTTP against the whole dashboard, with a database of its own
/// holding <see cref="StartTimeTestData.FourTasks"/>. Every expected figure is worked out in the comments.
/// </summary>
public sealed class StartTimeEndpointTests : IAsyncLifetime
{
    readonly TempFolder _folder = new();
    WebApplicationFactory<Program> _factory = default!;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("StartTimes:Database", _folder.File("st.db"))
            .UseSetting("StartTimes:SandboxSeedTasksPerFamily", "0")
            .UseSetting("StartTimes:MaxImportMegabytes", "0.01"));
        await _factory.Services.GetRequiredService<StartTimeBoard>().SaveAsync(FourTasks(), default);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _folder.Dispose();
    }

    HttpClient Client => _factory.CreateClient();

    const string Arns = "arn:aws:ecs:us-east-1:123456789012:task/chaos/";

    [Fact]
    public async Task Csv_export_holds_the_tasks_the_groups_and_the_comparison_worked_out_by_hand()
    {
        var response = await Client.GetAsync("/api/start-times/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^start-times-\d{8}T\d{4}Z\.csv$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        // alpha:1 started t1 (6.5 = 5 + 1 + 0.5) and t2 (8 = 4 + 3 + 1); t4 never started. beta:2 is t3 (12 = 10 + 1.5 + 0.5).
        // alpha total: mean = median = 7.25, p90 = 6.5 + 0.9 × 1.5 = 7.85. Provisioning p90 = 4 + 0.9 × 1 = 4.9,
        // image pull p90 = 1 + 0.9 × 2 = 2.8, container start p90 = 0.5 + 0.9 × 0.5 = 0.95.
        // Default comparison: the two groups with started tasks, faster median total first: alpha:1 (7.25) against beta:2 (12):
        // 12 / 7.25 = 1.655…, 10 / 4.5 = 2.22…, 1.5 / 2 = 0.75, 0.5 / 0.75 = 0.66…
        var expected = string.Join("\r\n",
            "taskId,taskArn,family,revision,lastStatus,createdAt,pullStartedAt,pullStoppedAt,startedAt,started,totalSeconds,provisioningSeconds,imagePullSeconds,containerStartSeconds",
            $"t1,{Arns}t1,alpha,1,RUNNING,2026-05-04T10:00:00.000Z,2026-05-04T10:00:05.000Z,2026-05-04T10:00:06.000Z,2026-05-04T10:00:06.500Z,true,6.500,5.000,1.000,0.500",
            $"t2,{Arns}t2,alpha,1,RUNNING,2026-05-04T10:01:00.000Z,2026-05-04T10:01:04.000Z,2026-05-04T10:01:07.000Z,2026-05-04T10:01:08.000Z,true,8.000,4.000,3.000,1.000",
            $"t3,{Arns}t3,beta,2,RUNNING,2026-05-04T10:02:00.000Z,2026-05-04T10:02:10.000Z,2026-05-04T10:02:11.500Z,2026-05-04T10:02:12.000Z,true,12.000,10.000,1.500,0.500",
            $"t4,{Arns}t4,alpha,1,STOPPED,2026-05-04T10:03:00.000Z,2026-05-04T10:03:06.000Z,,,false,,6.000,,",
            "",
            "family,revision,tasks,notStarted,measure,n,meanSeconds,medianSeconds,p90Seconds,minSeconds,maxSeconds",
            "alpha,1,3,1,total,2,7.250,7.250,7.850,6.500,8.000",
            "alpha,1,3,1,provisioning,2,4.500,4.500,4.900,4.000,5.000",
            "alpha,1,3,1,imagePull,2,2.000,2.000,2.800,1.000,3.000",
            "alpha,1,3,1,containerStart,2,0.750,0.750,0.950,0.500,1.000",
            "beta,2,1,0,total,1,12.000,12.000,12.000,12.000,12.000",
            "beta,2,1,0,provisioning,1,10.000,10.000,10.000,10.000,10.000",
            "beta,2,1,0,imagePull,1,1.500,1.500,1.500,1.500,1.500",
            "beta,2,1,0,containerStart,1,0.500,0.500,0.500,0.500,0.500",
            "",
            "measure,first,firstN,firstMedianSeconds,second,secondN,secondMedianSeconds,timesFaster",
            "total,alpha:1,2,7.250,beta:2,1,12.000,1.66",
            "provisioning,alpha:1,2,4.500,beta:2,1,10.000,2.22",
            "imagePull,alpha:1,2,2.000,beta:2,1,1.500,0.75",
            "containerStart,alpha:1,2,0.750,beta:2,1,0.500,0.67",
            "");
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_family_and_time_filters_narrow_the_export_and_a_chosen_comparison_is_kept()
    {
        // beta only: its one task and group; the comparison still sees the whole range, here chosen beta first.
        var csv = await Client.GetStringAsync("/api/start-times/export?format=csv&family=beta&compare=beta:2&with=alpha:1");
        var lines = csv.Split("\r\n");
        Assert.Equal(2, lines.TakeWhile(l => l != "").Count());
        Assert.StartsWith("t3,", lines[1]);
        Assert.Equal(["beta"], lines.SkipWhile(l => !l.StartsWith("family,")).Skip(1).TakeWhile(l => l != "").Select(l => l.Split(',')[0]).Distinct());
        Assert.Contains("total,beta:2,1,12.000,alpha:1,2,7.250,0.60", lines); // 7.25 / 12

        // From 10:00:30 (inclusive) to 10:02:00 (exclusive): only t2.
        var ranged = await Client.GetStringAsync("/api/start-times/export?format=csv&from=2026-05-04T10:00:30Z&to=2026-05-04T10:02:00Z");
        var rangedLines = ranged.Split("\r\n");
        Assert.Equal(2, rangedLines.TakeWhile(l => l != "").Count());
        Assert.StartsWith("t2,", rangedLines[1]);
    }

    [Fact]
    public async Task Markdown_export_holds_the_same_figures_with_the_source()
    {
        var response = await Client.GetAsync("/api/start-times/export?format=markdown");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith(".md", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var markdown = await response.Content.ReadAsStringAsync();

        static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        var rows = markdown.Split('\n').Where(l => l.StartsWith('|')).Select(Cells).ToList();
        Assert.Contains(rows, r => r.SequenceEqual(["alpha", "1", "3", "1", "total", "2", "7.250", "7.250", "7.850", "6.500", "8.000"]));
        Assert.Contains(rows, r => r.SequenceEqual(["t4", "alpha", "1", "2026-05-04T10:03:00.000Z", "2026-05-04T10:03:06.000Z", "", "not started", "", "6.000", "", ""]));
        Assert.Contains(rows, r => r.SequenceEqual(["image pull", "2", "2.000", "1", "1.500", "0.75"]));
        Assert.Contains("## Comparison: alpha:1 against beta:2", markdown);
        Assert.Contains($"source: database {_folder.File("st.db")}: 4 tasks, 1 never started", markdown);
    }

    [Theory]
    [InlineData("/api/start-times/export?format=xml", "format: 'xml' is not a known format; choose csv or markdown.")]
    [InlineData("/api/start-times/export?format=csv&from=2026-05-04T11:00Z&to=2026-05-04T10:00Z",
        "from (2026-05-04T11:00:00Z) is not before to (2026-05-04T10:00:00Z): choose a from earlier than to.")]
    [InlineData("/api/start-times/export?from=yesterday", "from: 'yesterday' is neither a UTC time such as 2026-05-04T10:00Z nor a time back from now such as 90m, 24h or 7d.")]
    [InlineData("/api/start-times?compare=alpha:1", "compare and with go together")]
    [InlineData("/api/start-times?compare=alpha:one&with=beta:2", "compare: 'alpha:one': the revision after ':' must be a number or 'unknown'")]
    [InlineData("/start-times?from=2026-05-04T11:00Z&to=2026-05-04T10:00Z", "from (2026-05-04T11:00:00Z) is not before to")]
    public async Task Bad_query_values_get_400_and_one_clear_line(string url, string expected)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(WebUtility.HtmlEncode(expected).Replace("&#39;", "'"), body.Replace("&#x27;", "'").Replace("&#39;", "'"));
        Assert.DoesNotContain("   at ", body);
        if (!url.StartsWith("/start-times")) Assert.Single(body.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task The_page_is_rendered_on_the_server_with_both_tables_and_its_state()
    {
        var html = await Client.GetStringAsync("/start-times");
        Assert.Equal(4, CountOf(html, "<tr data-task="));
        Assert.Contains("data-task=\"t4\" data-started=\"false\"", html);
        Assert.Contains("not started", html);
        Assert.Contains("<tbody data-group=\"alpha:1\"", html);
        Assert.Contains("<tbody data-group=\"beta:2\"", html);
        // × as the HTML encoder writes it; the b-… attribute is the component's scoped style.
        Assert.Matches(@"starts <strong class=""ratio""[^>]*>1\.66&#xD7; faster</strong>", html);

        var narrowed = await Client.GetStringAsync("/start-times?family=beta");
        Assert.Equal(1, CountOf(narrowed, "<tr data-task="));
        Assert.DoesNotContain("<tbody data-group=\"alpha:1\"", narrowed);
    }

    [Fact]
    public async Task The_state_api_holds_the_rows_of_the_range_for_a_page_starting_over()
    {
        using var state = JsonDocument.Parse(await Client.GetStringAsync("/api/start-times?family=alpha"));
        var root = state.RootElement;
        // Every task of the range: the family narrows the tables on the page, not the comparison.
        Assert.Equal(4, root.GetProperty("tasks").GetArrayLength());
        Assert.Equal("alpha", root.GetProperty("filter").GetProperty("family").GetString());
        Assert.Equal("alpha:1", root.GetProperty("compare").GetString());
        Assert.Equal("beta:2", root.GetProperty("with").GetString());
        var t1 = root.GetProperty("tasks")[0];
        Assert.Equal(6.5, t1.GetProperty("total").GetDouble());
        Assert.Equal(0.5, t1.GetProperty("containerStart").GetDouble());
    }

    static string ImportFile() => string.Join("\n",
        Event("i1", "gamma:7", "PENDING", 2, "11:00:00", pullStarted: "11:00:04"),
        Event("i1", "gamma:7", "RUNNING", 3, "11:00:00", "11:00:04", "11:00:05.250", "11:00:06"),
        Event("i1", "gamma:7", "RUNNING", 3, "11:00:00", "11:00:04", "11:00:05.250", "11:00:06"),
        "{\"version\":\"0\",\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"detail\":{}}",
        "this line is not JSON",
        Event("i2", "gamma:7", "STOPPED", 4, "11:01:00", pullStarted: "11:01:03", stopped: "11:01:40", stopCode: "TaskFailedToStart"),
        "") + "\n";

    static MultipartFormDataContent Form(string content, string? cluster = null)
    {
        var form = new MultipartFormDataContent();
        if (cluster is not null) form.Add(new StringContent(cluster), "cluster");
        form.Add(new StringContent(content, Encoding.UTF8, "application/json"), "file", "import.jsonl");
        return form;
    }

    sealed record ImportCounts(string Source, string Kind, long Messages, long TaskEvents, long DuplicateDeliveries, int Tasks,
        int Added, int Updated, int AlreadyKnown, long OtherKinds, long OtherClusters, long Ignored, long Malformed, List<string> MalformedExamples);

    [Fact]
    public async Task An_import_says_what_it_added_what_it_left_out_and_where_the_bad_lines_are()
    {
        var response = await Client.PostAsync("/api/start-times/import", Form(ImportFile()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var counts = (await response.Content.ReadFromJsonAsync<ImportCounts>())!;

        Assert.Equal("import.jsonl", counts.Source);
        Assert.Equal("JSON lines", counts.Kind);
        Assert.Equal(6, counts.Messages);            // the blank line is not a message
        Assert.Equal(4, counts.TaskEvents);          // i1 × 3, i2 × 1
        Assert.Equal(1, counts.DuplicateDeliveries); // i1's RUNNING (version 3) twice
        Assert.Equal(2, counts.Tasks);
        Assert.Equal(2, counts.Added);
        Assert.Equal(1, counts.Ignored);             // the EC2 event
        Assert.Equal(1, counts.Malformed);
        Assert.StartsWith("import.jsonl line 5: ", Assert.Single(counts.MalformedExamples));

        // The same file again adds nothing.
        var again = (await (await Client.PostAsync("/api/start-times/import", Form(ImportFile()))).Content.ReadFromJsonAsync<ImportCounts>())!;
        Assert.Equal((0, 0, 2), (again.Added, again.Updated, again.AlreadyKnown));

        var csv = await Client.GetStringAsync("/api/start-times/export?format=csv&family=gamma");
        Assert.Contains($"i1,{Arns}i1,gamma,7,RUNNING,2026-05-04T11:00:00.000Z,2026-05-04T11:00:04.000Z,2026-05-04T11:00:05.250Z,2026-05-04T11:00:06.000Z,true,6.000,4.000,1.250,0.750", csv);
        Assert.Contains($"i2,{Arns}i2,gamma,7,STOPPED,2026-05-04T11:01:00.000Z,2026-05-04T11:01:03.000Z,,,false,,3.000,,", csv);
    }

    [Fact]
    public async Task An_import_can_keep_one_cluster_and_can_be_the_body_itself()
    {
        var other = Event("o1", "gamma:7", "RUNNING", 3, "11:05:00", "11:05:01", "11:05:02", "11:05:03", cluster: "elsewhere");
        var form = await (await Client.PostAsync("/api/start-times/import", Form(ImportFile() + other + "\n", cluster: "chaos"))).Content.ReadFromJsonAsync<ImportCounts>();
        Assert.Equal((2, 1L, 2L), (form!.Added, form.OtherClusters, form.Ignored));

        var body = new StringContent(other + "\n", Encoding.UTF8, "application/x-ndjson");
        var raw = await (await Client.PostAsync("/api/start-times/import?name=other.jsonl", body)).Content.ReadFromJsonAsync<ImportCounts>();
        Assert.Equal(("other.jsonl", 1), (raw!.Source, raw.Added));
    }

    [Fact]
    public async Task An_import_larger_than_the_setting_is_refused_with_a_clear_line()
    {
        // The limit here is 0.01 MB = 10,485 bytes.
        var big = string.Concat(Enumerable.Repeat(ImportFile(), 20));
        var response = await Client.PostAsync("/api/start-times/import", Form(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("The file is larger than 0.01 MB, the most an import takes (StartTimes:MaxImportMegabytes); split it or raise the setting.",
            (await response.Content.ReadAsStringAsync()).Trim());

        var noFile = await Client.PostAsync("/api/start-times/import", new MultipartFormDataContent { { new StringContent("chaos"), "cluster" } });
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.StartsWith("The form holds no file", await noFile.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_setting_that_cannot_be_used_keeps_its_default_and_is_shown_on_the_page()
    {
        await using var factory = _factory.WithWebHostBuilder(b => b.UseSetting("StartTimes:RefreshSeconds", "soon"));
        using var state = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/api/start-times"));
        var note = Assert.Single(state.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetProperty("source").GetString() == "Settings");
        Assert.Equal("warning", note.GetProperty("level").GetString());
        Assert.Equal("Setting StartTimes:RefreshSeconds = \"soon\" is not a number from 5 to 86400; using 60.", note.GetProperty("message").GetString());
        Assert.Equal(60, factory.Services.GetRequiredService<StartTimeOptions>().RefreshSeconds);
    }

    [Fact]
    public async Task In_the_sandbox_the_page_says_its_own_tasks_start_in_simulated_time()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var state = JsonDocument.Parse(await Client.GetStringAsync("/api/start-times"));
            var notes = state.RootElement.GetProperty("notes").EnumerateArray().Where(n => n.GetProperty("source").GetString() == "Sandbox").ToList();
            if (notes.Count == 1)
            {
                Assert.Equal("info", notes[0].GetProperty("level").GetString());
                Assert.Contains("FisStopTaskImprovedTaskDef", notes[0].GetProperty("message").GetString());
                Assert.Contains("15× speed", notes[0].GetProperty("message").GetString());
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "no sandbox note within 30 s");
            await Task.Delay(100);
        }
    }

    static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
