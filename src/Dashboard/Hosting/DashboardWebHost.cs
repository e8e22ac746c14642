using ChaosDashboard.Access;
using ChaosDashboard.Actions;
using ChaosDashboard.AwsMode;
using ChaosDashboard.Benchmarks;
using ChaosDashboard.Cli;
using ChaosDashboard.Components;
using ChaosDashboard.Configuration;
using ChaosDashboard.Experiment;
using ChaosDashboard.Hardening;
using ChaosDashboard.Health;
using ChaosDashboard.Live;
using ChaosDashboard.Sandbox;
using ChaosDashboard.StartTimes;
using ChaosDashboard.Trials;
using Microsoft.AspNetCore.Diagnostics;
using MudBlazor.Services;

namespace ChaosDashboard.Hosting;

/// <summary>
/// The web dashboard itself: its services, middleware and endpoints, then the server until it stops. Kept out of
/// <c>Program</c> so that a command (<c>report</c>, <c>preflight</c>) runs without loading the web framework.
/// </summary>
public static class DashboardWebHost
{
    public static int Run(string[] args)
    {
        // Every failure to start is one line on standard error, never a stack trace.
        string? urls = null;
        try
        {
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
            // The build's manifest is served with caching off (as for hot reload) unless asked; its own headers are
            // right as they are: fingerprinted files are immutable for a year (a changed file gets a new address), others revalidate.
            builder.Configuration["EnableStaticAssetsDevelopmentCaching"] ??= "true";
            // A failed start is reported in one line below; the host's own report of it is a stack trace.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
            // The request log would write the operator link's query string; the token is printed once and never logged.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
            builder.Services.AddRazorComponents().AddInteractiveServerComponents(circuits =>
            {
                // A room of phones that lock and wake: fewer pages kept for a comeback, and not for as long.
                circuits.DisconnectedCircuitMaxRetained = 100;
                circuits.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(2);
            }).AddHubOptions(hub =>
            {
                hub.MaximumReceiveMessageSize = 32 * 1024;
                hub.MaximumParallelInvocationsPerClient = 1;
            });
            // API errors are problem details (RFC 9457) that also carry the actions' own "ok" and "message", so a
            // script reads every answer the same way.
            builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            {
                var details = context.ProblemDetails;
                if (details.Status == StatusCodes.Status400BadRequest && context.HttpContext.Request.Path.StartsWithSegments("/api/actions"))
                    details.Detail ??= "The request could not be read: send a JSON body such as {\"kind\": \"baseline\"}.";
                details.Extensions["ok"] = false;
                details.Extensions["message"] = details.Detail ?? details.Title;
            });
            // A body that is no JSON is answered by the status code pages below in every environment, not thrown.
            builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
            builder.Services.AddOperatorAccess(builder.Configuration);
            builder.Services.AddDashboardRateLimits(builder.Configuration);
            builder.Services.AddDashboardHealth();
            builder.Services.AddMudServices();
            builder.Services.ConfigureHttpJsonOptions(o => LiveJson.Configure(o.SerializerOptions));
            builder.Services.AddSingleton<ActionGuard>();
            builder.Services.AddSingleton<ExperimentActions>();
            // Sandbox unless appsettings.json, Dashboard__Mode or --mode asks for AWS; each mode registers its own services.
            var mode = DashboardModeSetting.Read(builder.Configuration);
            if (mode == DashboardMode.Aws) builder.Services.AddAwsMode(builder.Configuration);
            else builder.Services.AddSandbox();

            builder.Services.AddStartTimes();
            builder.Services.AddLiveFrames();
            builder.Services.AddTrials();
            builder.Services.AddBenchmarkProbe(builder.Configuration);

            var app = builder.Build();

            // First, so that every response carries them, errors and static files included.
            app.UseSecurityHeaders();
            app.UseExceptionHandler(handler => handler.Run(async context =>
            {
                // Never a stack trace in a response: one clear line, the details in the server log.
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var (status, message) = error is BadHttpRequestException bad
                    ? (bad.StatusCode, "The request could not be read: send a JSON body such as {\"kind\": \"baseline\"}.")
                    : (StatusCodes.Status500InternalServerError, "The dashboard hit an unexpected error; see its log for details.");
                context.Response.StatusCode = status;
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = status, Detail = message },
                });
            }));
            // An address that is no page gets the not-found page, not the server's bare status; an API error
            // without a body of its own (a body that is no JSON, a wrong method) gets problem details as JSON.
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
                pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
            app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
            // MudBlazor's fingerprinted CSS and JS go to their compressed variants (see FingerprintedPackageAssets).
            app.UseCompressedFingerprintedAssets();
            // Routing after the re-execution above, so the not-found page is routed to when it runs again.
            app.UseRouting();
            app.UseSameOriginGuard();
            app.UseAuthentication();
            app.UseRateLimiter();
            // In room mode: viewers are refused every action, and turned away with a friendly page beyond the bound.
            app.UseOperatorAccess();
            app.UseViewerBound();
            app.UseRequestBodyLimit(app.Services.GetRequiredService<HardeningOptions>().MaxRequestBodyBytes);
            app.UseAntiforgery();

            app.MapStaticAssets();
            app.MapDashboardHealth();
            app.MapOperatorLogin();
            app.MapExperimentActions();
            app.MapExperimentState();
            app.MapStartTimes();
            app.MapTrials();
            app.MapLogBurst(app.Configuration);
            app.MapBenchmarkProbe(app.Configuration);
            app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

            urls = app.Configuration["urls"];
            app.Run();
            return 0;
        }
        catch (InvalidSettingException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return DashboardCommandLine.UsageError;
        }
        catch (IOException e)
        {
            // The usual reason is a second dashboard on the same port: say so in one line.
            Console.Error.WriteLine($"Cannot listen on {urls}: {e.Message} Set Urls in appsettings.json or pass --urls http://127.0.0.1:<another port>.");
            return 1;
        }
        // HostAbortedException is how a test host stops the program once it has the built app: not a failure.
        catch (Exception e) when (e is not OperationCanceledException and not HostAbortedException)
        {
            Console.Error.WriteLine($"The dashboard could not start: {e.Message}");
            return 1;
        }
    }
}
