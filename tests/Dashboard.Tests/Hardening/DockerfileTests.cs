namespace ChaosDashboard.Tests.Hardening;

/// <summary>The dashboard image as the Dockerfile builds it: not root, port 8080, room mode (so it prints the operator link).</summary>
public class DockerfileTests
{
    static string DashboardStage()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) dir = dir.Parent;
        var text = File.ReadAllText(Path.Combine(dir!.FullName, "Dockerfile"));
        return text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
    }

    [Fact]
    public void The_dashboard_image_runs_as_the_unprivileged_user_on_8080_beyond_loopback()
    {
        var stage = DashboardStage();
        Assert.Contains("AS dashboard", stage);
        var lines = stage.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal("USER $APP_UID", lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)));
        Assert.Contains("EXPOSE 8080", lines);
        Assert.Contains("URLS=http://+:8080 \\", lines);
        // Listening on every address: room mode, so the operator link is printed to the container log.
        Assert.False(ChaosDashboard.Access.OperatorAccess.IsLoopbackUrl("http://+:8080"));
    }
}
