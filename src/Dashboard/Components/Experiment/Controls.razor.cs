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
    [Inject] TimeProvider Time { get; set; } = default!;

    [Parameter, EditorRequired] public Snapshot State { get; set; } = default!;

    /// <summary>A replay shows the buttons as the page had them, none of them usable.</summary>
    [Parameter] public bool Disabled { get; set; }

    SettingsView Settings => State.Settings;

    /// <summary>The action this page has under way, if any: its buttons show progress and take no second click.</summary>
    string? _busy;
    string? _busyLabel;
    /// <summary>
    /// An action done whose effect this page has not drawn yet: until a frame shows a change in the runs,
    /// the experiments or the items (and so disables what no longer makes sense) more clicks of the same
    /// action (the rest of a burst of clicks) are dropped, not sent to be refused. A frame of log lines
    /// alone does not end it; <see cref="SettleLimit"/> does, in case the effect never shows.
    /// </summary>
    bool _settling;
    string? _settledAction;
    object[]? _settledParts;
    DateTimeOffset _settledSince;

    /// <summary>How long a page waits to see an action's effect before it lets clicks through again.</summary>
    public static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(3);
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

    bool Offered(string action) => action switch
    {
        Launch => CanLaunch,
        StartExperiment => CanStartExperiment,
        StopExperiment => CanStopExperiment,
        StopTask => CanStopTask,
        ClearTable => CanClearTable,
        _ => false,
    };

    /// <summary>The buttons follow the runs, the items and the settings; the rest is this page's own.</summary>
    protected override object?[] DrawnFrom() =>
        [State.Tasks, State.Experiments, State.Items, State.Settings, Disabled, _busy, _busyLabel, _message, _outcome, _confirmingClear, _settling];

    // The snapshot keeps a part's list while it is unchanged, so a new reference is a change.
    object[] ActedOnParts() => [State.Tasks, State.Experiments, State.Items];

    protected override void OnParametersSet()
    {
        if (_settling && _settledParts is { } parts && !parts.SequenceEqual(ActedOnParts(), ReferenceEqualityComparer.Instance))
            _settling = false;
    }

    bool StillSettling(string action)
    {
        if (_settling && Time.GetUtcNow() - _settledSince >= SettleLimit) _settling = false;
        return _settling && action == _settledAction;
    }

    string Label(string action, string idle) => _busy == action ? _busyLabel ?? idle : idle;

    async Task RunAsync(string action, string busyLabel, Func<Task<ActionAnswer>> run)
    {
        // A second click that arrives before the first's answer is dropped here; one from another
        // page is refused by the server's guard.
        if (_busy is not null || StillSettling(action)) return;
        // The rest of a burst of clicks, sent before the page disabled the button: what the page no
        // longer offers is not sent to be refused.
        if (!Offered(action)) return;
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
                _settledAction = action;
                _settledParts = ActedOnParts();
                _settledSince = Time.GetUtcNow();
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
