// The start-time page's two charts: every task as a dot (total start time, one band per task definition),
// and the median of each phase stacked per task definition, so the image pull stands out.
import * as echarts from "echarts/core";
import { BarChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { shortId, escapeHtml as h } from "./format";
import { StartTimeRow } from "./startTimeModel";
import { GroupSummary } from "./startTimeStats";
import { seconds, taskSeconds, time } from "./startTimeFormat";

echarts.use([BarChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const palette = ["#4cc9f0", "#ffb020", "#b5e48c", "#f72585", "#c77dff", "#90e0ef", "#ff9f1c", "#06d6a0"];
const phaseColours = { provisioning: "#5b7fa6", imagePull: "#ffb020", containerStart: "#3ddc84" };
const text = "#eef3f8";
const muted = "#c9d4e0";
const font = 16;

/** A fixed offset in [-0.28, 0.28] per task, so dots of equal times stay apart and never move between renders. */
function jitter(taskId: string): number {
  let hash = 0;
  for (let i = 0; i < taskId.length; i++) hash = (hash * 31 + taskId.charCodeAt(i)) | 0;
  return ((Math.abs(hash) % 1000) / 1000 - 0.5) * 0.56;
}

/** Height that gives each task definition a readable band, the same rule as the server's first paint. */
export function chartHeight(groups: number): number { return Math.max(280, 80 * groups + 110); }

export class StartTimeCharts {
  private readonly strip: echarts.ECharts;
  private readonly phases: echarts.ECharts;

  constructor(private readonly stripElement: HTMLElement, private readonly phasesElement: HTMLElement) {
    this.strip = echarts.init(stripElement, undefined, { renderer: "canvas" });
    this.phases = echarts.init(phasesElement, undefined, { renderer: "canvas" });
    const observer = new ResizeObserver(() => { this.strip.resize(); this.phases.resize(); });
    observer.observe(stripElement);
    observer.observe(phasesElement);
  }

  /**
   * Rows and groups of the shown family, groups in table order. <paramref name="colourOrder"/> names every
   * group of the range, so a task definition keeps its colour when the family filter changes.
   */
  render(rows: StartTimeRow[], groups: GroupSummary[], colourOrder: string[]) {
    const height = `${chartHeight(groups.length)}px`;
    for (const element of [this.stripElement, this.phasesElement]) {
      if (element.style.height !== height) element.style.height = height;
    }
    this.strip.resize();
    this.phases.resize();
    this.renderStrip(rows, groups, colourOrder);
    this.renderPhases(groups);
  }

  private renderStrip(rows: StartTimeRow[], groups: GroupSummary[], colourOrder: string[]) {
    const names = groups.map(g => g.group);
    const started = rows.filter(r => r.started && r.total != null && names.includes(r.group));
    // One band per task definition; each dot keeps its own small vertical offset within the band.
    const band = Math.max(20, (chartHeight(groups.length) - 76) / Math.max(names.length, 1));
    const series = groups.map(g => ({
      name: g.group,
      type: "scatter",
      symbolSize: 14,
      itemStyle: { color: palette[Math.max(0, colourOrder.indexOf(g.group)) % palette.length], opacity: 0.85, borderColor: "#0d1520", borderWidth: 1 },
      data: started.filter(r => r.group === g.group)
        .map(r => ({ value: [r.total, r.group], symbolOffset: [0, Math.round(jitter(r.taskId) * band)], row: r })),
    }));
    this.stripElement.dataset.dots = String(started.length);
    this.strip.setOption({
      animation: false,
      backgroundColor: "transparent",
      textStyle: { color: text, fontSize: font },
      grid: { left: 230, right: 30, top: 20, bottom: 56 },
      tooltip: {
        trigger: "item",
        backgroundColor: "#09101a",
        borderColor: "#4cc9f0",
        textStyle: { color: text, fontSize: 15 },
        formatter: (p: any) => {
          const r = p.data.row as StartTimeRow;
          return `<b>${h(shortId(r.taskId))}</b> ${h(r.group)}<br/>total <b>${taskSeconds(r.total)} s</b><br/>`
            + `provisioning ${taskSeconds(r.provisioning)} s<br/>image pull ${taskSeconds(r.imagePull)} s<br/>`
            + `container start ${taskSeconds(r.containerStart)} s<br/><span style="color:${muted}">created ${time(r.createdAt)} UTC</span>`;
        },
      },
      xAxis: {
        type: "value", name: "total start time (s)", nameLocation: "middle", nameGap: 34, min: 0,
        nameTextStyle: { color: muted, fontSize: 15 }, axisLabel: { color: muted, fontSize: 15 },
        splitLine: { lineStyle: { color: "#2a3a4d" } },
      },
      // The first task definition at the top, as in the tables.
      yAxis: {
        type: "category", data: names, inverse: true,
        axisLabel: { color: text, fontSize: 15 }, axisTick: { show: false },
        splitArea: { show: true, areaStyle: { color: ["rgba(255,255,255,0.02)", "rgba(255,255,255,0.05)"] } },
      },
      series,
    }, { notMerge: true });
  }

  private renderPhases(groups: GroupSummary[]) {
    const names = groups.map(g => g.group);
    // A label only where its segment is wide enough to hold it.
    const widest = Math.max(0.001, ...groups.map(g => (g.measures.provisioning?.median ?? 0) + (g.measures.imagePull?.median ?? 0) + (g.measures.containerStart?.median ?? 0)));
    const phase = (key: "provisioning" | "imagePull" | "containerStart", label: string) => ({
      name: label,
      type: "bar",
      stack: "median",
      barMaxWidth: 46,
      itemStyle: { color: phaseColours[key] },
      label: {
        show: true, color: key === "provisioning" ? text : "#0d1520", fontSize: 14, fontWeight: "bold",
        formatter: (p: any) => (p.value / widest >= 0.09 ? seconds(p.value) : ""),
      },
      data: groups.map(g => g.measures[key]?.median ?? 0),
    });
    this.phasesElement.dataset.groups = String(groups.length);
    this.phases.setOption({
      animation: false,
      backgroundColor: "transparent",
      textStyle: { color: text, fontSize: font },
      legend: { top: 0, textStyle: { color: text, fontSize: 15 } },
      grid: { left: 230, right: 30, top: 44, bottom: 56 },
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" }, backgroundColor: "#09101a", borderColor: "#4cc9f0",
        textStyle: { color: text, fontSize: 15 },
        valueFormatter: (v: any) => `${seconds(v)} s`,
      },
      xAxis: {
        type: "value", name: "median seconds", nameLocation: "middle", nameGap: 34, min: 0,
        nameTextStyle: { color: muted, fontSize: 15 }, axisLabel: { color: muted, fontSize: 15 },
        splitLine: { lineStyle: { color: "#2a3a4d" } },
      },
      yAxis: { type: "category", data: names, inverse: true, axisLabel: { color: text, fontSize: 15 }, axisTick: { show: false } },
      series: [
        phase("provisioning", "provisioning"),
        phase("imagePull", "image pull"),
        phase("containerStart", "container start"),
      ],
    }, { notMerge: true });
  }
}
