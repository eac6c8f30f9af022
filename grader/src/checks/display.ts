// What a check shows beside its message, built for the results contract (@tyinglab/contract):
// facts (values with human labels) and plots (titled, with labelled axes and named series). The
// grader validates both against the contract's schema; these helpers keep what it would refuse out
// of values that depend on the learner's answers: NaN and ±Infinity (JSON cannot carry them) and
// over-long text (a label may quote a name the learner chose).
import { RESULT_LIMITS, type Fact, type Plot, type SeriesStyle } from '@tyinglab/contract';

/** `text`, cut to at most `max` characters (ending in "…" when cut). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const label = (text: string): string => clip(text, RESULT_LIMITS.labelChars);

/** A labelled value, e.g. fact('largest single difference', 3e-7). A non-finite number becomes its text ("Infinity"). */
export function fact(text: string, value: number | string | boolean): Fact {
  // Numbers are shown to 4 significant digits: enough to read a result, and it narrows the channel
  // through which learner-computed numbers (derived from hidden inputs) could carry those inputs out.
  const v = typeof value === 'number' ? (Number.isFinite(value) ? Number(value.toPrecision(4)) : String(value)) : value;
  return { label: label(text), value: typeof v === 'string' ? clip(v, RESULT_LIMITS.factTextChars) : v };
}

export interface LinePlotInput {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Strictly increasing positions, e.g. steps 0…n−1. */
  x: readonly number[];
  /** Each value belongs to the x at the same index; a shorter series simply stops. */
  series: { name: string; values: readonly number[]; style?: SeriesStyle }[];
}

/** A line plot; a value that is missing or not finite becomes a gap (null) at its x. */
export function linePlot({ title, xLabel, yLabel, x, series }: LinePlotInput): Plot {
  return {
    kind: 'line',
    title: label(title),
    xLabel: label(xLabel),
    yLabel: label(yLabel),
    x: [...x],
    series: series.map((s) => ({
      name: label(s.name),
      values: x.map((_, i) => {
        const v = s.values[i];
        return v !== undefined && Number.isFinite(v) ? v : null;
      }),
      ...(s.style ? { style: s.style } : {}),
    })),
  };
}

/** 0, 1, …, n − 1: the x of a curve recorded once per step. */
export const steps = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
