// Re-renders the cards from the live state. The markup mirrors the Razor components in
// Components/Experiment/, which render the first paint on the server.
import { clock, escapeHtml as h, shortId } from "./format";
import { ExperimentView, ItemView, LogLineView, Snapshot, TaskView, Verdict, lifecycle } from "./model";

/** The banner of settings warnings and AWS problems, and where the dashboard acts. */
export function renderProblems(box: Element, where: Element | null, state: Snapshot) {
  box.innerHTML = state.settings.warnings.map(w => `<p class="notice warning">${h(w)}</p>`).join("")
    + state.problems.map(p => `<p class="notice problem"><strong>${h(p.source)}:</strong> ${h(p.message)}</p>`).join("");
  if (where) { where.textContent = state.settings.where; where.setAttribute("data-mode", state.settings.mode); }
}

export function renderTask(card: Element, task: TaskView | undefined) {
  if (!task) {
    card.innerHTML = `<h2>ECS task</h2><p class="empty">No task yet: launch the baseline or the improved task.</p>`;
    return;
  }
  const current = lifecycle.indexOf(task.lastStatus);
  const steps = lifecycle.map((state, i) => {
    const at = task.stateTimes[state];
    const step = i === current ? "current" : at ? "done" : i < current ? "skipped" : "todo";
    return `<li class="step ${step}" data-state="${state}"><span class="name">${state}</span><time>${at ? clock(at) : ""}</time></li>`;
  }).join("");
  card.innerHTML = `<h2>ECS task</h2>
    <p class="task-meta"><span class="task-id" title="${h(task.taskArn)}">${h(shortId(task.taskId))}</span>
    <span class="task-def">${h(task.taskDefinition)}</span>
    <span class="status" data-status="${h(task.lastStatus)}">${h(task.lastStatus)}</span></p>
    <ol class="stepper">${steps}</ol>
    <dl class="facts"><dt>Desired</dt><dd class="desired">${h(task.desiredStatus)}</dd>
    <dt>Stop code</dt><dd class="stop-code">${h(task.stopCode ?? "–")}</dd>
    <dt>Stopped reason</dt><dd class="stopped-reason">${h(task.stoppedReason ?? "–")}</dd></dl>`;
}

export function renderExperiment(card: Element, experiment: ExperimentView | undefined, template: string) {
  if (!experiment) {
    card.innerHTML = `<h2>FIS experiment</h2><p class="empty">Not started. Template ${h(template)}.</p>`;
    return;
  }
  const actions = experiment.actions.map(a =>
    `<tr><td>${h(a.name)}<span class="action-type">${h(a.actionType)}</span></td><td><span class="status" data-status="${h(a.status)}">${h(a.status)}</span></td><td>${clock(a.startTime)}</td><td>${clock(a.endTime)}</td></tr>`).join("");
  const targets = experiment.targetTaskIds.length === 0 ? "–" : experiment.targetTaskIds.map(shortId).join(", ");
  card.innerHTML = `<h2>FIS experiment</h2>
    <p class="experiment-meta"><span class="experiment-id">${h(experiment.experimentId)}</span>
    <span class="status" data-status="${h(experiment.status)}">${h(experiment.status)}</span></p>
    <table class="actions"><thead><tr><th>Action</th><th>State</th><th>Start</th><th>End</th></tr></thead><tbody>${actions}</tbody></table>
    <dl class="facts"><dt>Started</dt><dd>${clock(experiment.startTime)}</dd>
    <dt>Ended</dt><dd>${experiment.endTime ? clock(experiment.endTime) : "–"}</dd>
    <dt>Targets</dt><dd class="targets">${h(targets)}</dd>
    <dt>Reason</dt><dd class="reason">${h(experiment.reason ?? "–")}</dd></dl>`;
}

export function itemLabel(item: ItemView): string {
  if (item.writeCount === 0) return "–";
  if (item.writeCount === 1) return shortId(item.writes[item.writes.length - 1].taskId);
  return `×${item.writeCount}`;
}

function itemTitle(item: ItemView): string {
  if (item.writes.length === 0) return `Item ${item.index}: missing`;
  return `Item ${item.index}: ` + item.writes.map(w => `${shortId(w.taskId)} at ${clock(w.at)}`).join("; ");
}

export function renderItems(card: Element, items: ItemView[]) {
  const present = items.filter(i => i.present).length;
  card.querySelector(".count")!.textContent = `${present} / ${items.length}`;
  const progress = card.querySelector(".progress")!;
  progress.setAttribute("aria-valuenow", String(present));
  progress.setAttribute("aria-valuemax", String(items.length));
  (card.querySelector(".progress .bar") as HTMLElement).style.width = `${items.length === 0 ? 0 : Math.floor(100 * present / items.length)}%`;
  card.querySelector("ol.items")!.innerHTML = items.map(item =>
    `<li class="item ${item.state}" data-index="${item.index}" title="${h(itemTitle(item))}"><span class="index">${item.index}</span><span class="writes">${h(itemLabel(item))}</span></li>`).join("");
}

export function renderVerdict(panel: HTMLElement, verdict: Verdict) {
  panel.dataset.status = verdict.status;
  panel.querySelector(".headline")!.textContent = verdict.headline;
  const evidence = panel.querySelector(".evidence");
  if (evidence) evidence.innerHTML = verdict.evidence.map(line => `<li>${h(line)}</li>`).join("");
}

export function logLine(line: LogLineView): HTMLElement {
  const row = document.createElement("div");
  row.className = "line";
  row.dataset.number = String(line.number);
  row.innerHTML = `<time>${clock(line.at)}</time><span class="task">${h(shortId(line.taskId))}</span><span class="text">${h(line.text)}</span>`;
  return row;
}

/** Enables the buttons that make sense now; the server checks again whatever the page says. */
export function renderControls(controls: Element, state: Snapshot) {
  const active = [...state.tasks].reverse().find(t => t.lastStatus !== "STOPPED");
  const experimentActive = state.experiments.some(e => !["completed", "stopped", "failed", "cancelled"].includes(e.status));
  const busy = (b: Element) => (b as HTMLElement).dataset.busy === "true";
  controls.querySelectorAll<HTMLButtonElement>("button[data-action]").forEach(button => {
    if (busy(button)) return;
    switch (button.dataset.action) {
      case "launch": button.disabled = !!active; break;
      case "start-experiment": button.disabled = experimentActive; break;
      case "stop-experiment": button.disabled = !experimentActive; break;
      case "stop-task": button.disabled = !active || active.desiredStatus === "STOPPED"; break;
      case "clear-table": button.disabled = !!active || state.items.every(i => !i.present); break;
    }
  });
}
