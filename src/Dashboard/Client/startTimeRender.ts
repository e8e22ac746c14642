// Re-renders the start-time page's tables and texts from the rows the page holds. The markup mirrors
// the Razor components in Components/StartTimes/, which render the first paint on the server.
import { escapeHtml as h, shortId } from "./format";
import { StartTimeNote, StartTimePageState, StartTimeRow, measures } from "./startTimeModel";
import { GroupSummary, MeasureComparison } from "./startTimeStats";
import { count, missing, seconds, speed, taskSeconds, time } from "./startTimeFormat";

export function renderNotes(box: Element, notes: StartTimeNote[]) {
  box.innerHTML = notes.map(n =>
    `<p class="notice ${n.level === "warning" ? "warning" : "info"}" data-source="${h(n.source)}"><strong>${h(n.source)}:</strong> ${h(n.message)}</p>`).join("");
}

export function countsText(rows: StartTimeRow[], groups: number, state: StartTimePageState): string {
  const notStarted = rows.filter(r => !r.started).length;
  return `${count(rows.length, "task")} · ${notStarted} never started · ${count(groups, "task definition")}`
    + (state.persistent ? ` · stored in ${state.storage}` : " · kept in memory only");
}

export function renderSummary(table: HTMLTableElement, empty: HTMLElement | null, groups: GroupSummary[], family: string | null) {
  table.querySelectorAll("tbody").forEach(b => b.remove());
  table.insertAdjacentHTML("beforeend", groups.map(g => `<tbody data-group="${h(g.group)}">${measures.map(({ key, label }, i) => {
    const s = g.measures[key];
    const head = i === 0
      ? `<th rowspan="4" scope="rowgroup" class="st-group">${h(g.group)}</th><td rowspan="4" class="num">${g.tasks}</td><td rowspan="4" class="num">${g.notStarted}</td>`
      : "";
    return `<tr data-measure="${label}">${head}<td>${label}</td><td class="num">${s?.count ?? 0}</td><td class="num">${seconds(s?.mean)}</td>`
      + `<td class="num">${seconds(s?.median)}</td><td class="num">${seconds(s?.p90)}</td><td class="num">${seconds(s?.min)}</td><td class="num">${seconds(s?.max)}</td></tr>`;
  }).join("")}</tbody>`).join(""));
  if (groups.length === 0 && !empty) {
    table.insertAdjacentHTML("afterend", `<p class="empty" id="start-time-summary-empty">No task in this range${family ? ` of ${h(family)}` : ""}.</p>`);
  } else if (groups.length > 0) empty?.remove();
}

const implausibleTitle = "A phase below zero or longer than a day: listed, left out of the figures.";

function status(r: StartTimeRow): string {
  return (r.started || !r.stopCode ? (r.lastStatus ?? missing) : `${r.lastStatus} · ${r.stopCode}`) + (r.implausible ? " · implausible" : "");
}

/** Newest first, as the server renders it. */
export function renderTasks(body: HTMLElement, rows: StartTimeRow[]) {
  body.innerHTML = [...rows].reverse().map(r => `<tr data-task="${h(r.taskId)}" data-started="${r.started}"${r.implausible ? ` data-implausible="true"` : ""}>`
    + `<td class="mono" title="${h(r.taskArn)}">${h(shortId(r.taskId))}</td><td>${h(r.group)}</td><td class="mono">${time(r.createdAt)}</td>`
    + (r.started ? `<td class="num">${taskSeconds(r.total)}</td>` : `<td class="num not-started">not started</td>`)
    + `<td class="num">${taskSeconds(r.provisioning)}</td><td class="num">${taskSeconds(r.imagePull)}</td><td class="num">${taskSeconds(r.containerStart)}</td>`
    + `<td title="${h(r.implausible ? implausibleTitle : r.stoppedReason ?? "")}">${h(status(r))}</td></tr>`).join("");
}

export function renderComparison(body: Element, first: string | null, second: string | null, comparison: MeasureComparison[] | null) {
  const total = comparison?.find(m => m.measure === "total");
  if (!first || !second || !comparison || !total || total.speedUp == null) {
    body.innerHTML = `<p class="empty" id="start-time-headline">A comparison needs two task definitions with started tasks in this range.</p>`;
    return;
  }
  const pull = comparison.find(m => m.measure === "imagePull")!;
  const rows = measures.map(({ key, label }) => {
    const m = comparison.find(c => c.measure === key)!;
    return `<tr data-measure="${label}"><td>${label}</td><td class="num">${seconds(m.first?.median)}</td><td class="num">${m.first?.count ?? 0}</td>`
      + `<td class="num">${seconds(m.second?.median)}</td><td class="num">${m.second?.count ?? 0}</td><td class="num">${speed(m.speedUp)}</td></tr>`;
  }).join("");
  body.innerHTML = `<p class="st-headline" id="start-time-headline"><strong>${h(first)}</strong> starts <strong class="st-ratio">${speed(total.speedUp)}</strong> than <strong>${h(second)}</strong>
      <span class="hint">median total ${seconds(total.first?.median)} s against ${seconds(total.second?.median)} s</span></p>`
    + (pull.speedUp != null
      ? `<p class="st-subline">Image pull, the phase a SOCI index shortens: <strong class="st-ratio">${speed(pull.speedUp)}</strong>
      <span class="hint">(${seconds(pull.first?.median)} s against ${seconds(pull.second?.median)} s)</span></p>`
      : "")
    + `<table class="st-table st-compare-table"><thead><tr><th>phase</th><th class="num">median ${h(first)}</th><th class="num">n</th>`
    + `<th class="num">median ${h(second)}</th><th class="num">n</th><th class="num">${h(first)} is</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Keeps the options of a select in step with the groups or families known, keeping the choice. */
export function syncOptions(select: HTMLSelectElement, values: string[], chosen: string | null, first?: { value: string; label: string }) {
  const wanted = (first ? [first.value] : []).concat(values);
  const current = [...select.options].map(o => o.value);
  if (current.length !== wanted.length || current.some((v, i) => v !== wanted[i])) {
    select.innerHTML = (first ? `<option value="${h(first.value)}">${h(first.label)}</option>` : "")
      + values.map(v => `<option value="${h(v)}">${h(v)}</option>`).join("");
  }
  const value = chosen ?? (first?.value ?? "");
  if (select.value !== value) select.value = value;
}

export interface ImportResult {
  source: string; kind: string; messages: number; taskEvents: number; duplicateDeliveries: number; tasks: number;
  added: number; updated: number; alreadyKnown: number; otherKinds: number; otherClusters: number; ignored: number;
  malformed: number; malformedExamples: string[];
}

export function renderImport(box: HTMLElement, result: ImportResult) {
  box.dataset.outcome = "ok";
  const malformed = result.malformed === 0 ? ""
    : `<ul class="st-malformed">${result.malformedExamples.map(m => `<li>${h(m)}</li>`).join("")}`
      + (result.malformed > result.malformedExamples.length ? `<li>… and ${result.malformed - result.malformedExamples.length} more</li>` : "") + "</ul>";
  box.innerHTML = `<p><strong>${h(result.source)}</strong> (${h(result.kind)}): ${count(result.messages, "message")} read, `
    + `${count(result.taskEvents, "task event")} of ${count(result.tasks, "task")}.</p>`
    + `<dl class="st-import-counts">`
    + `<dt>tasks added</dt><dd data-count="added">${result.added}</dd>`
    + `<dt>tasks updated</dt><dd data-count="updated">${result.updated}</dd>`
    + `<dt>already known</dt><dd data-count="already-known">${result.alreadyKnown}</dd>`
    + `<dt>duplicate deliveries</dt><dd data-count="duplicates">${result.duplicateDeliveries}</dd>`
    + `<dt>ignored</dt><dd data-count="ignored">${result.ignored} <span class="hint">(${result.otherKinds} of another kind, ${result.otherClusters} of another cluster)</span></dd>`
    + `<dt>malformed</dt><dd data-count="malformed">${result.malformed}</dd></dl>` + malformed;
}

export function renderImportError(box: HTMLElement, message: string) {
  box.dataset.outcome = "error";
  box.innerHTML = `<p class="st-import-error">${h(message)}</p>`;
}
