// The timeline: every item write as a dot (item index over time, one colour per task), each task's
// life as a band from creation to stop, and the experiment's window shaded.
import * as echarts from "echarts/core";
import { ScatterChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { shortId } from "./format";
import { Snapshot } from "./model";

echarts.use([ScatterChart, LineChart, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent, CanvasRenderer]);

const palette = ["#4cc9f0", "#f72585", "#b5e48c", "#ffd166", "#c77dff", "#90e0ef", "#ff9f1c", "#06d6a0"];

export class Timeline {
  private readonly chart: echarts.ECharts;

  constructor(element: HTMLElement, private readonly large: boolean) {
    this.chart = echarts.init(element, undefined, { renderer: "canvas" });
    new ResizeObserver(() => this.chart.resize()).observe(element);
  }

  render(state: Snapshot) {
    const tasks = state.tasks.filter(t => t.trial === state.trial);
    const experiments = state.experiments.filter(e => e.trial === state.trial && e.startTime);
    const now = Date.now();
    const font = this.large ? 22 : 14;

    const series: any[] = tasks.map((task, i) => ({
      name: `${shortId(task.taskId)} ${task.kind}`,
      type: "scatter",
      symbolSize: this.large ? 18 : 12,
      itemStyle: { color: palette[i % palette.length] },
      data: state.items.flatMap(item => item.writes.filter(w => w.taskId === task.taskId).map(w => [Date.parse(w.at), item.index])),
      markArea: {
        silent: true,
        itemStyle: { color: palette[i % palette.length], opacity: 0.10 },
        label: { show: true, position: "insideTopLeft", color: "#e8eef5", fontSize: font * 0.8, formatter: `${task.kind} ${shortId(task.taskId)}` },
        data: [[{ xAxis: Date.parse(task.createdAt) }, { xAxis: task.stoppedAt ? Date.parse(task.stoppedAt) : now }]],
      },
    }));
    series.push({
      name: "FIS experiment",
      type: "line",
      data: [],
      itemStyle: { color: "#ff4d4d" },
      markArea: {
        silent: true,
        itemStyle: { color: "#ff4d4d", opacity: 0.28 },
        label: { show: true, position: "insideTop", color: "#ffb3b3", fontSize: font * 0.8, formatter: "experiment" },
        data: experiments.map(e => [{ xAxis: Date.parse(e.startTime!) }, { xAxis: e.endTime ? Date.parse(e.endTime) : now }]),
      },
    });

    const start = tasks.length > 0 ? Math.min(...tasks.map(t => Date.parse(t.createdAt))) : Date.parse(state.trialStartedAt);
    this.chart.setOption({
      animation: false,
      backgroundColor: "transparent",
      textStyle: { color: "#e8eef5", fontSize: font },
      grid: { left: this.large ? 70 : 50, right: 24, top: 40, bottom: this.large ? 50 : 36 },
      legend: { top: 0, textStyle: { color: "#e8eef5", fontSize: font * 0.85 } },
      tooltip: { trigger: "item", formatter: (p: any) => `${p.seriesName}: item ${p.value?.[1]} at ${new Date(p.value?.[0]).toISOString().slice(11, 19)}` },
      xAxis: { type: "time", min: start, max: Math.max(now, start + 10_000), axisLabel: { color: "#c9d4e0", fontSize: font * 0.85 }, splitLine: { show: false } },
      yAxis: { type: "value", min: 0, max: Math.max(state.batchSize - 1, 1), interval: 1, name: "item", nameTextStyle: { color: "#c9d4e0", fontSize: font * 0.85 },
               axisLabel: { color: "#c9d4e0", fontSize: font * 0.85 }, splitLine: { lineStyle: { color: "#2a3a4d" } } },
      series,
    }, { notMerge: true });
  }
}
