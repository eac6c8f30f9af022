// Lays out a plot a check declared (the results contract's Plot) on an SVG viewbox: one polyline
// per unbroken run of a series (null values are gaps), positioned by the plot's own x values, with
// the ranges the axes show. Pure, so the test runs it on real check-library output.
import type { Plot } from '@tyinglab/contract';

/** Series colours in order; learner and reference curves get different ones (and the reference a dash). */
export const SERIES_COLORS = ['#2457c5', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

export interface LaidOutSeries {
  name: string;
  color: string;
  dashed: boolean;
  /** SVG `points` attributes, one per run of consecutive values (a single value is a one-point run). */
  runs: string[];
}

export interface PlotLayout {
  series: LaidOutSeries[];
  x: { min: number; max: number };
  y: { min: number; max: number };
}

/** [min, max] of the finite values, widened when they are all equal so a flat line sits mid-height. */
function range(values: readonly number[]): { min: number; max: number } {
  if (values.length === 0) return { min: 0, max: 1 };
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min !== max) return { min, max };
  const half = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
  return { min: min - half, max: max + half };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function layoutPlot(plot: Plot, width: number, height: number, pad = 4): PlotLayout {
  const x = { min: Math.min(...plot.x), max: Math.max(...plot.x) };
  const y = range(plot.series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const px = (v: number): number => pad + (x.max === x.min ? innerW / 2 : ((v - x.min) / (x.max - x.min)) * innerW);
  const py = (v: number): number => pad + (1 - (v - y.min) / (y.max - y.min)) * innerH;
  const series = plot.series.map((s, i) => {
    const runs: string[] = [];
    let run: string[] = [];
    // A lone value between gaps becomes a zero-length line, which a round line cap draws as a dot.
    const close = () => {
      if (run.length) runs.push(run.length === 1 ? `${run[0]} ${run[0]}` : run.join(' '));
      run = [];
    };
    s.values.forEach((v, j) => {
      if (v === null) close();
      else run.push(`${round2(px(plot.x[j]!))},${round2(py(v))}`);
    });
    close();
    return { name: s.name, color: SERIES_COLORS[i % SERIES_COLORS.length]!, dashed: s.style === 'dashed', runs };
  });
  return { series, x, y: { min: y.min, max: y.max } };
}
