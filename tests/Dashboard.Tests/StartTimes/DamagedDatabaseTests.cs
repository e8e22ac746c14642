using System.Net;
using System.Security.Cryptography;
using System.Text;
using ChaosDashboard.StartTimeAnalysis.Storage;
using ChaosDashboard.StartTimes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static ChaosDashboard.Tests.StartTimes.StartTimeTestData;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>
/// A SQLite file whose header reads but whose pages are damaged is a database the dashboard cannot use:
/// the page, the API, the export and the import all answer, from memory, with the warning the page shows
/// for an unusable file, and the file is left exactly as it was.
/// </summary>
public sealed class DamagedDatabaseTests : IDisposable
{
    readonly TempFolder _folder = new();

    /// <summary>A database of a few hundred tasks, closed, then garbage written over every page after the second.</summary>
    async Task<string> DamagedDatabaseAsync()
    {
        var path = _folder.File("damaged.db");
        await using (var store = await SqliteStartTimeStore.OpenAsync(path))
        {
            await store.SaveAsync(Enumerable.Range(0, 400).Select(i => Sample($"d{i}", "alpha:1", "10:00:00", "10:00:05", "10:00:06", "10:00:07")));
        }
        SqliteConnection.ClearAllPools();
        Damage(path);
        return path;
    }

    static void Damage(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        Assert.True(file.Length >= 4 * 4096, $"the database is only {file.Length} bytes");
        file.Position = 2 * 4096;
        file.Write(Enumerable.Repeat((byte)0x5A, (int)file.Length - 2 * 4096).ToArray());
    }

    [Fact]
    public async Task Every_part_of_the_page_answers_from_memory_and_the_file_is_left_untouched()
    {
        var path = await DamagedDatabaseAsync();
        var before = SHA256.HashData(await File.ReadAllBytesAsync(path));
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("StartTimes:Database", path)
            .UseSetting("StartTimes:SandboxSeedTasksPerFamily", "0"));
        var client = factory.CreateClient();

        var page = await client.GetAsync("/start-times");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("is damaged", await page.Content.ReadAsStringAsync());
        Assert.Contains("Start times are kept in memory until the dashboard stops; set StartTimes:Database", await page.Content.ReadAsStringAsync());

        var state = await client.GetAsync("/api/start-times");
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        Assert.Contains("\"persistent\":false", await state.Content.ReadAsStringAsync());

        var form = new MultipartFormDataContent
        {
            { new StringContent(Event("m1", "gamma:7", "RUNNING", 3, "11:00:00", "11:00:04", "11:00:05", "11:00:06") + "\n", Encoding.UTF8), "file", "import.jsonl" },
        };
        var import = await client.PostAsync("/api/start-times/import", form);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Contains("\"added\":1", await import.Content.ReadAsStringAsync());

        var export = await client.GetAsync("/api/start-times/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("m1,", await export.Content.ReadAsStringAsync());

        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path)));
    }

    [Fact]
    public async Task Pages_damaged_while_the_dashboard_runs_turn_it_to_memory_instead_of_failing()
    {
        var path = _folder.File("later.db");
        await using var board = Board(path);
        await board.SaveAsync(FourTasks(), default);
        Assert.True((await board.SamplesAsync()).Persistent);
        await board.SaveAsync(Enumerable.Range(0, 400).Select(i => Sample($"x{i}", "beta:2", "10:00:00", null, null, "10:00:07")).ToList(), default);

        // Close every connection (the write-ahead log goes into the file), then damage the file under the open store.
        SqliteConnection.ClearAllPools();
        Damage(path);
        var before = SHA256.HashData(await File.ReadAllBytesAsync(path));

        var tasks = await board.QueryAsync(StartTimeQuery.All, default);

        Assert.Empty(tasks); // memory starts empty: what the file held cannot be read
        var samples = await board.SamplesAsync();
        Assert.False(samples.Persistent);
        var note = Assert.Single(board.Notes, n => n.Source == StartTimeBoard.DatabaseSource);
        Assert.Equal(NoteLevel.Warning, note.Level);
        Assert.Contains("is damaged", note.Message);
        Assert.Equal(SaveResult.Added, Assert.Single(await board.SaveAsync([Sample("y", "alpha:1", "10:00:00", null, null, "10:00:05")], default)).Result);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path)));
    }

    public void Dispose() => _folder.Dispose();
}
