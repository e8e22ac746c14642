// The shapes the server sends (camelCase JSON of the C# records in Experiment/).

export type TaskKind = "baseline" | "improved";

export interface TaskView {
  taskId: string;
  taskArn: string;
  kind: TaskKind;
  taskDefinition: string;
  lastStatus: string;
  desiredStatus: string;
  stateTimes: Record<string, string>;
  createdAt: string;
  pullStartedAt?: string | null;
  pullStoppedAt?: string | null;
  startedAt?: string | null;
  stoppingAt?: string | null;
  stoppedAt?: string | null;
  stopCode?: string | null;
  stoppedReason?: string | null;
  exitCode?: number | null;
  trial: number;
  startIndex?: number | null;
}

export interface ActionView {
  name: string;
  actionType: string;
  status: string;
  reason?: string | null;
  startTime?: string | null;
  endTime?: string | null;
}

export interface ExperimentView {
  experimentId: string;
  templateId: string;
  status: string;
  reason?: string | null;
  createdAt: string;
  startTime?: string | null;
  endTime?: string | null;
  actions: ActionView[];
  targetTaskIds: string[];
  trial: number;
}

export interface ItemWriteView { taskId: string; at: string; }

export interface ItemView {
  index: number;
  writes: ItemWriteView[];
  writeCount: number;
  present: boolean;
  state: "missing" | "once" | "again";
}

export interface LogLineView { number: number; at: string; taskId: string; text: string; }

export interface Verdict {
  status: "notTested" | "inProgress" | "confirmed" | "refuted";
  headline: string;
  evidence: string[];
  itemsPresent: number;
  itemsWrittenMoreThanOnce: number[];
  missingItems: number[];
}

export interface SettingsView {
  mode: string;
  where: string;
  cluster: string;
  baselineTaskDefinition: string;
  improvedTaskDefinition: string;
  table: string;
  experimentTemplate: string;
  itemIntervalSeconds: number;
  warnings: string[];
}

export interface ProblemView { source: string; message: string; }

export interface Snapshot {
  seq: number;
  mode: string;
  batchSize: number;
  trial: number;
  trialStartedAt: string;
  tasks: TaskView[];
  experiments: ExperimentView[];
  items: ItemView[];
  logs: LogLineView[];
  verdict: Verdict;
  settings: SettingsView;
  problems: ProblemView[];
}

export interface LiveMessage { seq: number; type: string; data: any; }

export const lifecycle = ["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"];

export const maxTasks = 50;
export const maxExperiments = 50;
export const maxLogLines = 2000;

/** Applies one delta to the state, as the server applied it to its own. Returns what changed. */
export function applyDelta(state: Snapshot, message: LiveMessage): string {
  const data = message.data;
  switch (message.type) {
    case "task": upsert(state.tasks, data as TaskView, t => t.taskId, maxTasks); break;
    case "experiment": upsert(state.experiments, data as ExperimentView, e => e.experimentId, maxExperiments); break;
    case "item": state.items[(data as ItemView).index] = data as ItemView; break;
    case "trial":
      state.trial = data.trial;
      state.trialStartedAt = data.startedAt;
      state.items = data.items;
      break;
    case "log":
      state.logs.push(data as LogLineView);
      if (state.logs.length > maxLogLines) state.logs.splice(0, state.logs.length - maxLogLines);
      break;
    case "verdict": state.verdict = data as Verdict; break;
    case "settings": state.settings = data as SettingsView; break;
    case "problems": state.problems = data as ProblemView[]; break;
  }
  state.seq = message.seq;
  return message.type;
}

function upsert<T>(list: T[], value: T, key: (v: T) => string, max: number) {
  const index = list.findIndex(v => key(v) === key(value));
  if (index >= 0) list[index] = value;
  else {
    list.push(value);
    if (list.length > max) list.splice(0, list.length - max);
  }
}

export function isStopped(task: TaskView): boolean { return task.lastStatus === "STOPPED"; }

export function activeTask(state: Snapshot): TaskView | undefined {
  return [...state.tasks].reverse().find(t => !isStopped(t));
}

export function isFinal(status: string): boolean {
  return status === "completed" || status === "stopped" || status === "failed" || status === "cancelled";
}
