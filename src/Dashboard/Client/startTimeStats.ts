// The statistics of the start-time page, computed in the browser for live updates exactly as the
// server's library computes them for the first paint (StartTime/Analysis: DurationStatistics,
// GroupSummary, GroupComparison). Median and p90 use linear interpolation between closest ranks,
// numpy's default.
import { Measure, StartTimeRow, measures } from "./startTimeModel";

export interface Statistics { count: number; mean: number; median: number; p90: number; min: number; max: number; }

export interface GroupSummary {
  group: string;
  family: string;
  revision: number | null;
  tasks: number;
  notStarted: number;
  measures: Partial<Record<Measure, Statistics>>;
}

export interface MeasureComparison { measure: Measure; first: Statistics | null; second: Statistics | null; speedUp: number | null; }

/** Null when there are no values. */
export function statistics(values: number[]): Statistics | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

export function percentile(sorted: number[], percent: number): number {
  const rank = (sorted.length - 1) * percent / 100;
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
}

function ordinal(a: string, b: string): number { return a < b ? -1 : a > b ? 1 : 0; }

/** In the figures: started, with no phase below zero or over a day (TaskStartRow.Counted). */
function counted(row: StartTimeRow): boolean { return row.started && !row.implausible; }

/** One summary per task definition, ordered by family, then revision (unknown last). */
export function summarize(rows: StartTimeRow[]): GroupSummary[] {
  const groups = new Map<string, StartTimeRow[]>();
  for (const row of rows) {
    const list = groups.get(row.group);
    if (list) list.push(row); else groups.set(row.group, [row]);
  }
  return [...groups.values()].map(list => {
    const summary: GroupSummary = {
      group: list[0].group, family: list[0].family, revision: list[0].revision ?? null,
      tasks: list.length, notStarted: list.filter(r => !r.started).length, measures: {},
    };
    for (const { key } of measures) {
      const stats = statistics(list.filter(r => counted(r) && r[key] != null).map(r => r[key] as number));
      if (stats) summary.measures[key] = stats;
    }
    return summary;
  }).sort((a, b) => ordinal(a.family, b.family)
    || (a.revision === null ? 1 : 0) - (b.revision === null ? 1 : 0)
    || (a.revision ?? 0) - (b.revision ?? 0));
}

/** Whether a row belongs to a group named as the server's GroupSelector reads it: family:3, family:unknown or family. */
export function matches(selector: string, row: StartTimeRow): boolean {
  const colon = selector.lastIndexOf(":");
  if (colon < 0) return row.family === selector;
  const family = selector.slice(0, colon);
  const revision = selector.slice(colon + 1);
  if (row.family !== family) return false;
  if (revision.toLowerCase() === "unknown") return row.revision == null;
  return row.revision === Number(revision);
}

/** Ratio of medians second ÷ first per measure: how many times faster the first gets through it. */
export function compare(rows: StartTimeRow[], first: string, second: string): MeasureComparison[] {
  const of = (selector: string, measure: Measure) =>
    statistics(rows.filter(r => counted(r) && matches(selector, r) && r[measure] != null).map(r => r[measure] as number));
  return measures.map(({ key }) => {
    const a = of(first, key);
    const b = of(second, key);
    return { measure: key, first: a, second: b, speedUp: a && b && a.median > 0 ? b.median / a.median : null };
  });
}

/** The two groups with the most started tasks, the faster first (StartTimePageModel.DefaultComparison). */
export function defaultComparison(groups: GroupSummary[]): [string, string] | null {
  const candidates = groups.filter(g => g.measures.total)
    .sort((a, b) => b.measures.total!.count - a.measures.total!.count || ordinal(a.family, b.family)
      || (a.revision ?? -Infinity) - (b.revision ?? -Infinity) || 0)
    .slice(0, 2)
    .sort((a, b) => a.measures.total!.median - b.measures.total!.median);
  return candidates.length === 2 ? [candidates[0].group, candidates[1].group] : null;
}
