// Chaos Dashboard's browser client: continues the server-rendered page live.
import { LiveFeed } from "./feed";
import { LogConsole } from "./logs";
import { LiveMessage, Snapshot } from "./model";
import { renderControls, renderExperiment, renderItems, renderProblems, renderTask, renderVerdict } from "./render";
import { Timeline } from "./timeline";
import { wireActions } from "./actions";
import { startTimePage } from "./startTimes";

function start() {
  const startTimes = document.getElementById("start-time-page");
  if (startTimes) startTimePage();
  const stateElement = document.getElementById("initial-state");
  if (!stateElement) {
    // A page without live parts has no connection to show.
    if (!startTimes) document.getElementById("connection")?.remove();
    return;
  }
  const state = JSON.parse(stateElement.textContent ?? "{}") as Snapshot;
  const page = document.querySelector<HTMLElement>(".experiment-page")!;
  const presenter = page.dataset.view === "presenter";

  const taskCard = document.getElementById("task-card")!;
  const experimentCard = document.getElementById("experiment-card")!;
  const itemsCard = document.getElementById("items-card")!;
  const verdict = document.getElementById("verdict")!;
  const controls = document.getElementById("controls");
  const connection = document.getElementById("connection");
  const timelineElement = document.getElementById("timeline");
  const problems = document.getElementById("problems");
  const where = document.querySelector(".topbar .where");
  const logs = new LogConsole(document.getElementById("log-console")!,
    document.getElementById("logs-pause") as HTMLButtonElement | null,
    document.getElementById("logs-new"),
    document.getElementById("logs-clear") as HTMLButtonElement | null);
  const timeline = timelineElement ? new Timeline(timelineElement, presenter) : undefined;

  let current = state;
  const renderAll = (s: Snapshot) => {
    current = s;
    renderTask(taskCard, s.tasks[s.tasks.length - 1]);
    renderExperiment(experimentCard, s.experiments[s.experiments.length - 1], s.settings.experimentTemplate);
    renderItems(itemsCard, s.items);
    renderVerdict(verdict, s.verdict);
    if (problems) renderProblems(problems, where, s);
    logs.replaceAll(s.logs);
    if (controls) renderControls(controls, s);
    timeline?.render(s);
    document.body.dataset.seq = String(s.seq);
  };

  const onDelta = (type: string, message: LiveMessage) => {
    switch (type) {
      case "task": renderTask(taskCard, current.tasks[current.tasks.length - 1]); break;
      case "experiment": renderExperiment(experimentCard, current.experiments[current.experiments.length - 1], current.settings.experimentTemplate); break;
      case "item": case "trial": renderItems(itemsCard, current.items); break;
      case "verdict": renderVerdict(verdict, current.verdict); break;
      case "log": logs.append(message.data); break;
      case "settings": case "problems": if (problems) renderProblems(problems, where, current); break;
    }
    if (controls) renderControls(controls, current);
    if (type !== "log") timeline?.render(current);
    document.body.dataset.seq = String(current.seq);
  };

  const feed = new LiveFeed(state, {
    snapshot: renderAll,
    delta: onDelta,
    connection: s => { if (connection) { connection.dataset.state = s; connection.textContent = s === "live" ? "live" : s === "reconnecting" ? "reconnecting…" : "offline"; } },
  });

  if (controls) {
    renderControls(controls, state);
    wireActions(controls, () => renderControls(controls, current));
  }
  timeline?.render(state);
  // Running bands grow with time even when nothing else changes.
  setInterval(() => timeline?.render(current), 2000);
  document.body.dataset.seq = String(state.seq);
  void feed.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
