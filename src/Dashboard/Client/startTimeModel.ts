// The shapes the start-time page gets from the server (camelCase JSON of StartTimes/Live/StartTimeViews.cs
// and StartTimes/Web/StartTimePageModel.cs).

export interface StartTimeRow {
  taskId: string;
  taskArn: string;
  family: string;
  revision?: number | null;
  /** family:revision, or family:unknown */
  group: string;
  lastStatus?: string | null;
  stopCode?: string | null;
  stoppedReason?: string | null;
  createdAt?: string | null;
  pullStartedAt?: string | null;
  pullStoppedAt?: string | null;
  startedAt?: string | null;
  started: boolean;
  /** A phase below zero or longer than a day: listed, left out of the figures. */
  implausible?: boolean;
  total?: number | null;
  provisioning?: number | null;
  imagePull?: number | null;
  containerStart?: number | null;
}

export interface StartTimeNote {
  source: string;
  level: "info" | "warning";
  message: string;
}

export interface StartTimeFilterView {
  from?: string | null;
  to?: string | null;
  family?: string | null;
  compare?: string | null;
  with?: string | null;
}

export interface StartTimePageState {
  seq: number;
  filter: StartTimeFilterView;
  families: string[];
  compare?: string | null;
  with?: string | null;
  tasks: StartTimeRow[];
  matchingTasks: number;
  limit: number;
  notes: StartTimeNote[];
  storage: string;
  persistent: boolean;
}

export interface StartTimeMessage {
  seq: number;
  type: "snapshot" | "sample" | "notes" | string;
  data: any;
}

export type Measure = "total" | "provisioning" | "imagePull" | "containerStart";

/** The phases in the order a task goes through them, with the names the page uses (StartTimeFormat.Measures). */
export const measures: { key: Measure; label: string }[] = [
  { key: "total", label: "total" },
  { key: "provisioning", label: "provisioning" },
  { key: "imagePull", label: "image pull" },
  { key: "containerStart", label: "container start" },
];

/** The time the filters apply to, as in the store: createdAt, or startedAt when it is unknown. */
export function filterTime(row: StartTimeRow): number | null {
  const at = row.createdAt ?? row.startedAt;
  return at ? Date.parse(at) : null;
}
