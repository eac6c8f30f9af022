// Finds plottable series in a check's `details` (e.g. `lossCurves`) without knowing each check's
// exact layout: number[] -> one series; {name: number[]} -> several; [{name|label, values|data|y}] -> several.

export interface Series {
  name: string;
  values: number[];
}

export interface Chart {
  key: string;
  series: Series[];
}

function numericArray(value: unknown): number[] | null {
  if (!Array.isArray(value) || value.length < 2) return null;
  return value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (value as number[]) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function seriesFrom(key: string, value: unknown): Series[] {
  const direct = numericArray(value);
  if (direct) return [{ name: key, values: direct }];
  if (Array.isArray(value)) {
    const out: Series[] = [];
    value.forEach((item, index) => {
      if (!isRecord(item)) return;
      const values = numericArray(item.values) ?? numericArray(item.data) ?? numericArray(item.y) ?? numericArray(item.losses);
      if (!values) return;
      const label = [item.name, item.label, item.id].find((l) => typeof l === 'string');
      out.push({ name: typeof label === 'string' ? label : `series ${index + 1}`, values });
    });
    return out;
  }
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([name, v]) => {
      const values = numericArray(v);
      return values ? [{ name, values }] : [];
    });
  }
  return [];
}

export function extractCharts(details: Record<string, unknown> | null | undefined): Chart[] {
  if (!details) return [];
  return Object.entries(details)
    .map(([key, value]) => ({ key, series: seriesFrom(key, value).slice(0, 6) }))
    .filter((chart) => chart.series.length > 0);
}

/** Scalar facts (numbers, short strings, booleans) worth listing beside a check. */
export function extractScalars(details: Record<string, unknown> | null | undefined): [string, string][] {
  if (!details) return [];
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'number' && Number.isFinite(value)) {
      out.push([key, Number.isInteger(value) ? String(value) : formatScientific(value)]);
    } else if (typeof value === 'boolean') {
      out.push([key, value ? 'yes' : 'no']);
    } else if (typeof value === 'string' && value.length <= 120) {
      out.push([key, value]);
    }
  }
  return out;
}

export function formatScientific(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(2);
  return String(Math.round(value * 1e4) / 1e4);
}

/** Maps series onto an SVG viewbox: returns one `points` attribute per series plus the y range. */
export function layoutLines(series: Series[], width: number, height: number, pad = 4): { points: string[]; min: number; max: number } {
  const all = series.flatMap((s) => s.values);
  if (all.length === 0) return { points: [], min: 0, max: 0 };
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const points = series.map((s) =>
    s.values
      .map((v, i) => {
        const x = pad + (s.values.length === 1 ? innerW / 2 : (i / (s.values.length - 1)) * innerW);
        const y = pad + (1 - (v - min) / (max - min)) * innerH;
        return `${round2(x)},${round2(y)}`;
      })
      .join(' '),
  );
  return { points, min, max };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
