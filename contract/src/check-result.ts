// One check's verdict as the grader produces it, the database stores it and the site shows it.
// Besides points and the learner-facing message a check may declare what is shown beside it:
// facts (numbers or short texts, each with a human label) and plots (curves with a title, axis
// labels and named series). The site draws exactly these and nothing else, so it never shows raw
// field names and never guesses which array is a curve. The zod schemas guard the boundaries:
// the grader validates what a check declares, the data layer parses the stored JSON on reading.
import { z } from 'zod';
import { CHECK_VISIBILITIES } from './statuses';

export const RESULT_LIMITS = {
  /** Fact labels, plot titles, axis labels, series names. */
  labelChars: 120,
  /** A fact whose value is text (e.g. "[n=0, y=3, x=1, c=5]"). */
  factTextChars: 300,
  factsPerCheck: 24,
  plotsPerCheck: 4,
  seriesPerPlot: 8,
  pointsPerSeries: 1000,
  nameChars: 100,
  titleChars: 300,
  messageChars: 20_000,
} as const;

const L = RESULT_LIMITS;
const label = z.string().min(1).max(L.labelChars);

/** One labelled value shown beside a check, e.g. { label: 'largest single difference', value: 3.1e-7 }. */
export const factSchema = z.strictObject({
  label,
  // zod's number() refuses NaN and ±Infinity: JSON cannot carry them (they would arrive as null).
  value: z.union([z.number(), z.string().max(L.factTextChars), z.boolean()]),
});
export type Fact = z.infer<typeof factSchema>;

/** Kinds of plot the site can draw. Only what some check declares; a new kind comes with its renderer. */
export const PLOT_KINDS = ['line'] as const;
export type PlotKind = (typeof PLOT_KINDS)[number];

/** Line styles: the reference is conventionally dashed so it stays visible where it overlaps the learner's line. */
export const SERIES_STYLES = ['solid', 'dashed'] as const;
export type SeriesStyle = (typeof SERIES_STYLES)[number];

export const plotSeriesSchema = z.strictObject({
  /** Legend text, e.g. "your loss". */
  name: label,
  /** One value per entry of the plot's `x`; null is a gap (no value there, or not a finite number). */
  values: z.array(z.number().nullable()).max(L.pointsPerSeries),
  style: z.enum(SERIES_STYLES).optional(),
});
export type PlotSeries = z.infer<typeof plotSeriesSchema>;

export const plotSchema = z
  .strictObject({
    kind: z.enum(PLOT_KINDS),
    title: label,
    xLabel: label,
    yLabel: label,
    /** Positions along the x axis, strictly increasing (e.g. optimizer steps 0…5, or λ values). */
    x: z.array(z.number()).min(1).max(L.pointsPerSeries),
    series: z.array(plotSeriesSchema).min(1).max(L.seriesPerPlot),
  })
  .superRefine((plot, ctx) => {
    for (let i = 1; i < plot.x.length; i++) {
      if (!(plot.x[i]! > plot.x[i - 1]!)) {
        ctx.addIssue({ code: 'custom', path: ['x', i], message: 'x must be strictly increasing' });
        break;
      }
    }
    const names = new Set<string>();
    plot.series.forEach((s, i) => {
      if (s.values.length !== plot.x.length) {
        ctx.addIssue({ code: 'custom', path: ['series', i, 'values'], message: `needs one value (or null) per x: ${plot.x.length}, got ${s.values.length}` });
      }
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['series', i, 'name'], message: `duplicate series name "${s.name}"` });
      names.add(s.name);
    });
  });
export type Plot = z.infer<typeof plotSchema>;

/** What a check shows beside its message; stored as the check result's `details` JSON. */
export const checkDetailsSchema = z.strictObject({
  facts: z.array(factSchema).max(L.factsPerCheck),
  plots: z.array(plotSchema).max(L.plotsPerCheck),
});
export type CheckDetails = z.infer<typeof checkDetailsSchema>;

export const checkResultSchema = z
  .strictObject({
    /** The check's name in exercise.json. */
    name: z.string().min(1).max(L.nameChars),
    title: z.string().min(1).max(L.titleChars),
    points: z.number().nonnegative(),
    maxPoints: z.number().nonnegative(),
    passed: z.boolean(),
    /** Learner-facing; never echoes hidden inputs or raw stderr. */
    message: z.string().max(L.messageChars),
    visibility: z.enum(CHECK_VISIBILITIES),
    ...checkDetailsSchema.shape,
  })
  .refine((c) => c.points <= c.maxPoints, { path: ['points'], message: 'points exceed maxPoints' });
export type CheckResult = z.infer<typeof checkResultSchema>;
