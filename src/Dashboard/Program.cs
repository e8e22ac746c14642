using ChaosDashboard.Actions;
using ChaosDashboard.AwsMode;
using ChaosDashboard.Benchmarks;
using ChaosDashboard.Cli;
using ChaosDashboard.Components;
using ChaosDashboard.Configuration;
using ChaosDashboard.Experiment;
using ChaosDashboard.Hosting;
using ChaosDashboard.Live;
using ChaosDashboard.Sandbox;
using ChaosDashboard.StartTimes;
using ChaosDashboard.Trials;
using Microsoft.AspNetCore.Diagnostics;
using MudBlazor.Services;

// report, preflight, --help and usage errors are answered here; `run` (or no command) runs the dashboard.
if (await DashboardCommandLine.TryRunCommandAsync(args, Console.Out, Console.Error) is { } exitCode) return exitCode;
args = DashboardCommandLine.RunArguments(args);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json and wwwroot/ sit at the repository's top level and are copied next to the binary.
    ContentRootPath = AppContext.BaseDirectory,
});

builder.Configuration.AddCommandLine(args, DashboardConfiguration.ShortFlags);
// Under `dotnet run` the app runs in Production, where the framework's and MudBlazor's assets are served
// only from the build's static web assets manifest; a published app has them in wwwroot/ instead.
builder.WebHost.UseStaticWebAssets();
// A failed start is reported in one line below; the host's own report of it is a stack trace.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.ConfigureHttpJsonOptions(o => LiveJson.Configure(o.SerializerOptions));
builder.Services.AddSingleton<ActionGuard>();
builder.Services.AddSingleton<ExperimentActions>();
// Sandbox unless appsettings.json, Dashboard__Mode or --mode asks for AWS; each mode registers its own services.
DashboardMode mode;
try
{
    mode = DashboardModeSetting.Read(builder.Configuration);
}
catch (InvalidSettingException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return DashboardCommandLine.UsageError;
}
if (mode == DashboardMode.Aws) builder.Services.AddAwsMode(builder.Configuration);
else builder.Services.AddSandbox();

builder.Services.AddStartTimes();
builder.Services.AddLiveFrames();
builder.Services.AddTrials();
builder.Services.AddBenchmarkProbe(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler(handler => handler.Run(async context =>
{
    // Never a stack trace in a response: one clear line, the details in the server log.
    var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
    var (status, message) = error is BadHttpRequestException bad
        ? (bad.StatusCode, "The request could not be read: send a JSON body such as {\"kind\": \"baseline\"}.")
        : (StatusCodes.Status500InternalServerError, "The dashboard hit an unexpected error; see its log for details.");
    context.Response.StatusCode = status;
    await context.Response.WriteAsJsonAsync(ActionOutcome.Failed(message));
}));
// An address that is no page gets the not-found page, not the server's bare status.
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
// MudBlazor's fingerprinted CSS and JS go to their compressed variants (see FingerprintedPackageAssets).
app.UseCompressedFingerprintedAssets();
// Routing after the re-execution above, so the not-found page is routed to when it runs again.
app.UseRouting();
app.UseSameOriginGuard();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapExperimentActions();
app.MapExperimentState();
app.MapStartTimes();
app.MapTrials();
app.MapLogBurst(app.Configuration);
app.MapBenchmarkProbe(app.Configuration);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

var urls = app.Configuration["urls"];
try
{
    app.Run();
    return 0;
}
catch (IOException e)
{
    // The usual reason is a second dashboard on the same port: say so in one line.
    Console.Error.WriteLine($"Cannot listen on {urls}: {e.Message} Set Urls in appsettings.json or pass --urls http://127.0.0.1:<another port>.");
    return 1;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Console.Error.WriteLine($"The dashboard could not start: {e.Message}");
    return 1;
}

/// <summary>Entry point, visible to the tests that host the dashboard.</summary>
public partial class Program;
