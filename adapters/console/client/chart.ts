/**
 * Bar charts over categories (days, channels, score bands), drawn by uPlot. Funnel stages only
 * shrink (conversations ≥ MCL ≥ MQL ≥ SQL), so their bars are drawn over each other, widest
 * count behind: every stage stays visible in one bar per category.
 */
import uPlot from 'uplot';

const COLOURS = ['#9aa8b8', '#2f7ed8', '#e8a33d', '#2a9d5c'];

export function barChart(container: HTMLElement, title: string, labels: string[], series: { label: string; values: number[] }[]): uPlot {
  const width = Math.max(280, Math.min(container.clientWidth || 600, 1100));
  const bars = uPlot.paths.bars!({ size: [0.7, 80], align: 0 });
  // At most about 12 labels under the bars, so 30 days stay readable at 360 px.
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const opts: uPlot.Options = {
    title,
    width,
    height: 240,
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, labels.length - 0.5)] } },
    axes: [
      {
        splits: () => labels.map((_, i) => i),
        values: (_u, ticks) => ticks.map((t) => (t % every === 0 ? (labels[t] ?? '') : '')),
        rotate: labels.length > 6 ? -45 : 0,
        size: labels.length > 6 ? 90 : 40,
      },
      {},
    ],
    series: [
      { label: 'group', value: (_u, v) => (v === null ? '' : (labels[v] ?? '')) },
      ...series.map((s, i) => ({ label: s.label, fill: COLOURS[i % COLOURS.length], stroke: COLOURS[i % COLOURS.length], paths: bars, points: { show: false } })),
    ],
  };
  const data: uPlot.AlignedData = [labels.map((_, i) => i), ...series.map((s) => s.values)];
  return new uPlot(opts, data, container);
}
