using ChaosDashboard.Access;
using ChaosDashboard.Actions;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ChaosDashboard.Components.Experiment;

public partial class Controls
{
    const string Launch = "launch";
    const string StartExperiment = "start-experiment";
    const string StopExperiment = "stop-experiment";
    const string StopTask = "stop-task";
    const string ClearTable = "clear-table";

    static readonly DialogOptions ConfirmOptions = new() { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small };

    [Inject] ExperimentActions Actions { get; set; } = default!;
    [Inject] OperatorGate Gate { get; set; } = default!;
    [Inject] ILogger<Controls> Logger { get; set; } = default!;

    [Parameter, EditorRequired] public Snapshot State { get; set; } = default!;

    /// <summary>A replay shows the buttons as the page had them, none of them usable.</summary>
    [Parameter] public bool Disabled { get; set; }

    SettingsView Settings => State.Settings;

    /// <summary>The action this page has under way, if any: its buttons show progress and take no second click.</summary>
    string? _busy;
    string? _busyLabel;
    /// <summary>
    /// An action done whose effect this page has not drawn yet: until the next frame shows it (and so
    /// disables what no longer makes sense) more clicks are dropped, not sent to be refused.
    /// </summary>
    bool _settling;
    Snapshot? _settledAt;
    string _message = "";
    string? _outcome;
    bool _confirmingClear;

    TaskView? ActiveTask => State.Tasks.LastOrDefault(t => !TaskLifecycle.IsStopped(t.LastStatus));
    bool ExperimentActive => State.Experiments.Any(e => !ExperimentView.IsFinal(e.Status));

    // What the page offers; the server checks again whatever the page says.
    bool CanLaunch => !Disabled && _busy is null && ActiveTask is null;
    bool CanStartExperiment => !Disabled && _busy is null && !ExperimentActive;
    bool CanStopExperiment => !Disabled && _busy is null && ExperimentActive;
    bool CanStopTask => !Disabled && _busy is null && ActiveTask is { DesiredStatus: not "STOPPED" };
    bool CanClearTable => !Disabled && _busy is null && ActiveTask is null && State.Items.Any(i => i.Present);

    /// <summary>The buttons follow the runs, the items and the settings; the rest is this page's own.</summary>
    protected override object?[] DrawnFrom() =>
        [State.Tasks, State.Experiments, State.Items, State.Settings, Disabled, _busy, _busyLabel, _message, _outcome, _confirmingClear, _settling];

    protected override void OnParametersSet()
    {
        if (_settling && !ReferenceEquals(State, _settledAt)) _settling = false;
    }

    string Label(string action, string idle) => _busy == action ? _busyLabel ?? idle : idle;

    async Task RunAsync(string action, string busyLabel, Func<Task<ActionAnswer>> run)
    {
        // A second click that arrives before the first's answer is dropped here; one from another
        // page is refused by the server's guard.
        if (_busy is not null || _settling) return;
        _busy = action;
        _busyLabel = busyLabel;
        Show(busyLabel, ok: true);
        try
        {
            // Only the operator's page has these buttons; a click that reaches here from any other is refused and recorded.
            var answer = await Gate.RunAsync(action, run);
            Show(answer.Outcome.Message, answer.Status == ActionStatus.Done);
            if (answer.Status == ActionStatus.Done)
            {
                _settling = true;
                _settledAt = State;
            }
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Action {Action} failed", action);
            Show("The action failed unexpectedly; the dashboard's log has the details.", ok: false);
        }
        finally
        {
            _busy = null;
            _busyLabel = null;
        }
    }

    void Show(string message, bool ok)
    {
        _message = message;
        _outcome = ok ? "ok" : "error";
    }

    void AskToClear()
    {
        if (_busy is null) _confirmingClear = true;
    }

    Task ConfirmClearAsync()
    {
        _confirmingClear = false;
        return RunAsync(ClearTable, "Clearing…", () => Actions.ClearTableAsync(confirm: true, null, CancellationToken.None));
    }
}
