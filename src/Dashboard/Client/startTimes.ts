// The start-time page's client: draws the charts, keeps the tables and the comparison up to date as
// tasks start (live deltas from /hubs/start-times), and sends imports. Filters are a plain GET form:
// changing one loads the page for it, rendered on the server.
import { StartTimeCharts } from "./startTimeCharts";
import { StartTimeFeed } from "./startTimeFeed";
import { StartTimeMessage, StartTimeNote, StartTimePageState, StartTimeRow, filterTime } from "./startTimeModel";
import { ImportResult, countsText, renderComparison, renderImport, renderImportError, renderNotes, renderSummary, renderTasks, syncOptions } from "./startTimeRender";
import { compare, defaultComparison, summarize } from "./startTimeStats";

/** The server's row order: createdAt ascending (unknown first), then task id. */
function byCreated(a: StartTimeRow, b: StartTimeRow): number {
  const ta = a.createdAt ? Date.parse(a.createdAt) : -Infinity;
  const tb = b.createdAt ? Date.parse(b.createdAt) : -Infinity;
  return ta !== tb ? (ta < tb ? -1 : 1) : a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0;
}

export function startTimePage() {
  const page = document.getElementById("start-time-page")!;
  const stateElement = document.getElementById("start-time-state");
  if (!stateElement) {
    // A page showing a bad filter has no live parts, so no connection to show.
    document.getElementById("connection")?.remove();
    return;
  }
  let state = JSON.parse(stateElement.textContent ?? "{}") as StartTimePageState;

  const connection = document.getElementById("connection");
  const notesBox = document.getElementById("start-time-notes")!;
  const filters = document.getElementById("start-time-filters") as HTMLFormElement;
  const familySelect = document.getElementById("start-time-family") as HTMLSelectElement;
  const compareSelect = document.getElementById("start-time-compare") as HTMLSelectElement;
  const withSelect = document.getElementById("start-time-with") as HTMLSelectElement;
  const pick = document.getElementById("start-time-pick")!;
  const counts = document.getElementById("start-time-counts")!;
  const comparisonBody = document.getElementById("start-time-comparison-body")!;
  const summary = document.getElementById("start-time-summary") as HTMLTableElement;
  const tasksBody = document.querySelector<HTMLElement>("#start-time-tasks tbody")!;
  const charts = new StartTimeCharts(document.getElementById("start-time-strip")!, document.getElementById("start-time-phases")!);

  const from = state.filter.from ? Date.parse(state.filter.from) : null;
  const to = state.filter.to ? Date.parse(state.filter.to) : null;
  const family = state.filter.family ?? null;
  let rows = new Map<string, StartTimeRow>();

  const inRange = (row: StartTimeRow) => {
    const at = filterTime(row);
    if (from !== null && (at === null || at < from)) return false;
    return to === null || (at !== null && at < to);
  };

  const load = (s: StartTimePageState) => {
    state = s;
    rows = new Map(s.tasks.map(r => [r.taskArn, r]));
    renderNotes(notesBox, s.notes);
  };

  /** The rows of the time range in the server's order, at most the page's limit (the latest). */
  const ordered = () => {
    const all = [...rows.values()].sort(byCreated);
    if (all.length > state.limit) {
      for (const dropped of all.splice(0, all.length - state.limit)) rows.delete(dropped.taskArn);
    }
    return all;
  };

  const renderCharts = () => {
    const all = ordered();
    const shown = all.filter(r => family === null || r.family === family);
    charts.render(shown, summarize(shown), summarize(all).map(g => g.group));
  };

  /** Everything that depends on the rows; the tables are the server's until the first change. */
  const renderAll = () => {
    const all = ordered();
    const shown = all.filter(r => family === null || r.family === family);
    const groups = summarize(shown);
    const allGroups = summarize(all);
    charts.render(shown, groups, allGroups.map(g => g.group));
    renderSummary(summary, document.getElementById("start-time-summary-empty"), groups, family);
    renderTasks(tasksBody, shown);
    counts.textContent = countsText(shown, groups.length, state);

    const pair: [string, string] | null = state.filter.compare && state.filter.with
      ? [state.filter.compare, state.filter.with]
      : defaultComparison(allGroups);
    renderComparison(comparisonBody, pair?.[0] ?? null, pair?.[1] ?? null, pair ? compare(all, pair[0], pair[1]) : null);
    const names = [...new Set(allGroups.map(g => g.group).concat(pair ?? []))];
    syncOptions(compareSelect, names, pair?.[0] ?? null);
    syncOptions(withSelect, names, pair?.[1] ?? null);
    pick.hidden = names.length < 2;
    const families = [...new Set(state.families.concat(all.map(r => r.family)).concat(family ? [family] : []))].sort();
    syncOptions(familySelect, families, family, { value: "", label: "every family" });
    page.dataset.rendered = "client";
  };

  // Bursts (an import, a page catching up) become one render.
  let pending: number | undefined;
  const scheduleRender = () => {
    if (pending === undefined) pending = window.setTimeout(() => { pending = undefined; renderAll(); }, 100);
  };

  const refetch = async () => {
    const response = await fetch(`/api/start-times${location.search}`, { headers: { accept: "application/json" } });
    if (!response.ok) return;
    load(await response.json() as StartTimePageState);
    scheduleRender();
  };

  const feed = new StartTimeFeed(state.seq, {
    delta: (message: StartTimeMessage) => {
      if (message.type === "sample") {
        const row = message.data as StartTimeRow;
        if (inRange(row)) rows.set(row.taskArn, row);
        else rows.delete(row.taskArn);
        scheduleRender();
      } else if (message.type === "notes") {
        renderNotes(notesBox, message.data as StartTimeNote[]);
      }
    },
    snapshot: (message: StartTimeMessage) => {
      renderNotes(notesBox, (message.data.notes ?? []) as StartTimeNote[]);
      // Nothing happened since this page's state was read: it is still current.
      if (message.seq !== state.seq) void refetch();
    },
    connection: s => {
      if (!connection) return;
      connection.dataset.state = s;
      connection.textContent = s === "live" ? "live" : s === "reconnecting" ? "reconnecting…" : "offline";
    },
  });

  // A changed family or comparison loads the page for it.
  for (const select of [familySelect, compareSelect, withSelect]) select.addEventListener("change", () => filters.requestSubmit());
  wireImport();

  load(state);
  renderCharts();
  void feed.start();
}

/** Sends the chosen file and shows what the import did, or the one line that says why it could not. */
function wireImport() {
  const form = document.getElementById("start-time-import") as HTMLFormElement | null;
  const result = document.getElementById("start-time-import-result");
  if (!form || !result) return;
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const button = form.querySelector("button")!;
    button.disabled = true;
    result.dataset.outcome = "busy";
    result.textContent = "Importing…";
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form) });
      if (response.ok) renderImport(result, await response.json() as ImportResult);
      else renderImportError(result, (await response.text()).trim() || `The import failed (HTTP ${response.status}).`);
    } catch {
      renderImportError(result, "The dashboard could not be reached; try again when the connection shows live.");
    } finally {
      button.disabled = false;
    }
  });
}
