import uPlot from 'uplot';

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];
/** About five minutes at one point every two seconds. */
const MAX_POINTS = 150;

/**
 * A rolling line chart: one series per name, points appended as they come, the oldest dropped.
 * Series are fixed when the chart is made (uPlot's series are declared up front).
 */
export class RollingChart {
  private readonly times: number[] = [];
  private readonly values: Array<Array<number | null>>;
  private readonly plot: uPlot;

  constructor(
    private readonly element: HTMLElement,
    private readonly names: string[],
  ) {
    this.values = names.map(() => []);
    this.plot = new uPlot(
      {
        width: this.width(),
        height: 180,
        scales: { x: { time: true } },
        series: [{}, ...names.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length]!, width: 2 }))],
        axes: [{}, { size: 50 }],
        legend: { live: false },
      },
      [this.times, ...this.values] as uPlot.AlignedData,
      element,
    );
    // Narrow screens and rotations: the chart follows its panel's width.
    new ResizeObserver(() => this.plot.setSize({ width: this.width(), height: 180 })).observe(element);
  }

  push(at: number, byName: Record<string, number | null>): void {
    this.times.push(at / 1000);
    this.names.forEach((name, i) => {
      this.values[i]!.push(byName[name] ?? null);
    });
    if (this.times.length > MAX_POINTS) {
      this.times.shift();
      for (const v of this.values) v.shift();
    }
    this.plot.setData([this.times, ...this.values] as uPlot.AlignedData);
  }

  private width(): number {
    return Math.max(200, this.element.clientWidth || 300);
  }
}
