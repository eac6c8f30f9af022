import { checkDetailsSchema, checkResultSchema, plotSchema, RESULT_LIMITS, type CheckResult, type Plot } from './index';

const lossPlot: Plot = {
  kind: 'line',
  title: 'Training loss',
  xLabel: 'optimizer step',
  yLabel: 'loss',
  x: [0, 1, 2],
  series: [
    { name: 'your loss', values: [2, 1.5, 1.2], style: 'solid' },
    { name: 'reference loss', values: [2, 1.5, 1.1], style: 'dashed' },
  ],
};

const result: CheckResult = {
  name: 'trains-like-reference',
  title: 'Trains like the reference',
  points: 1.5,
  maxPoints: 2,
  passed: false,
  message: 'Training diverges from the reference from step 2 on.',
  visibility: 'HIDDEN',
  facts: [
    { label: 'largest loss difference', value: 0.1 },
    { label: 'worst location', value: '[n=0, y=3]' },
    { label: 'matches a known mistake', value: false },
  ],
  plots: [lossPlot],
};

/** The first issue's path and message, or 'ok'. */
function verdict(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): string {
  const r = schema.safeParse(value);
  if (r.success) return 'ok';
  const i = r.error!.issues[0]!;
  return `${i.path.join('.')}: ${i.message}`;
}

describe('checkResultSchema', () => {
  it('accepts a full result and survives the JSON round trip to the database unchanged', () => {
    const stored = JSON.parse(JSON.stringify(result)) as unknown;
    expect(checkResultSchema.parse(stored)).toEqual(result);
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(verdict(checkResultSchema, { ...result, points: Number.NaN })).toMatch(/^points:/);
    expect(verdict(checkResultSchema, { ...result, facts: [{ label: 'x', value: Number.POSITIVE_INFINITY }] })).toMatch(/^facts\.0\.value:/);
    expect(verdict(plotSchema, { ...lossPlot, series: [{ name: 'a', values: [1, Number.NaN, 2] }] })).toMatch(/^series\.0\.values\.1:/);
    // A NaN fact written to JSON arrives as null: refused, not shown as "null".
    expect(verdict(checkResultSchema, JSON.parse(JSON.stringify({ ...result, facts: [{ label: 'x', value: Number.NaN }] })))).toMatch(/^facts\.0\.value:/);
  });

  it('refuses unknown statuses of a check, raw detail fields and impossible points', () => {
    expect(verdict(checkResultSchema, { ...result, visibility: 'SECRET' })).toMatch(/^visibility:/);
    expect(verdict(checkResultSchema, { ...result, outputSpread: 0.3 })).toMatch(/outputSpread/);
    expect(verdict(checkResultSchema, { ...result, points: 3 })).toBe('points: points exceed maxPoints');
    expect(verdict(checkResultSchema, { ...result, points: -1 })).toMatch(/^points:/);
  });

  it('refuses oversized arrays', () => {
    const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
    expect(verdict(checkDetailsSchema, { facts: many(RESULT_LIMITS.factsPerCheck + 1, (i) => ({ label: `f${i}`, value: i })), plots: [] })).toMatch(/^facts:/);
    expect(verdict(checkDetailsSchema, { facts: [], plots: many(RESULT_LIMITS.plotsPerCheck + 1, () => lossPlot) })).toMatch(/^plots:/);
    const n = RESULT_LIMITS.pointsPerSeries + 1;
    expect(verdict(plotSchema, { ...lossPlot, x: many(n, (i) => i), series: [{ name: 'a', values: many(n, () => 1) }] })).toMatch(/^x:/);
    expect(verdict(plotSchema, { ...lossPlot, series: many(RESULT_LIMITS.seriesPerPlot + 1, (i) => ({ name: `s${i}`, values: [1, 2, 3] })) })).toMatch(/^series:/);
    expect(verdict(checkResultSchema, { ...result, message: 'x'.repeat(RESULT_LIMITS.messageChars + 1) })).toMatch(/^message:/);
  });
});

describe('plotSchema', () => {
  it('needs one value (or a null gap) per x, in order, under distinct names', () => {
    expect(verdict(plotSchema, { ...lossPlot, series: [{ name: 'a', values: [1, null, 2] }] })).toBe('ok');
    expect(verdict(plotSchema, { ...lossPlot, series: [{ name: 'a', values: [1, 2] }] })).toBe('series.0.values: needs one value (or null) per x: 3, got 2');
    expect(verdict(plotSchema, { ...lossPlot, x: [0, 2, 1] })).toBe('x.2: x must be strictly increasing');
    expect(verdict(plotSchema, { ...lossPlot, series: [lossPlot.series[0], lossPlot.series[0]] })).toBe('series.1.name: duplicate series name "your loss"');
  });

  it('refuses kinds and styles the site cannot draw, and unlabelled axes', () => {
    expect(verdict(plotSchema, { ...lossPlot, kind: 'pie' })).toMatch(/^kind:/);
    expect(verdict(plotSchema, { ...lossPlot, series: [{ name: 'a', values: [1, 2, 3], style: 'wavy' }] })).toMatch(/^series\.0\.style:/);
    expect(verdict(plotSchema, { ...lossPlot, yLabel: '' })).toMatch(/^yLabel:/);
    expect(verdict(plotSchema, { ...lossPlot, series: [] })).toMatch(/^series:/);
  });
});
