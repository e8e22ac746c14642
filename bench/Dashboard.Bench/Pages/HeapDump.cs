using System.Diagnostics;

namespace ChaosDashboard.Bench.Pages;

/// <summary>
/// A heap dump of the dashboard with <c>dotnet-gcdump</c> (a global tool: <c>dotnet tool install -g
/// dotnet-gcdump</c>), to see what the pages hold: <c>dotnet-gcdump report &lt;file&gt;</c> lists it by type.
/// </summary>
static class HeapDump
{
    public static async Task CollectAsync(int pid, string file, TextWriter output)
    {
        var start = new ProcessStartInfo("dotnet-gcdump") { ArgumentList = { "collect", "-p", pid.ToString(), "-o", file }, RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync();
            output.WriteLine(process.ExitCode == 0 ? $"heap dump: {file}" : $"heap dump failed: {await process.StandardError.ReadToEndAsync()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output.WriteLine($"heap dump skipped, dotnet-gcdump not found: {e.Message}");
        }
    }
}
