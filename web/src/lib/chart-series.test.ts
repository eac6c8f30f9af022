import { extractCharts, extractScalars, layoutLines } from './chart-series';

describe('extractCharts', () => {
  it('reads a record of series, an array of named series and a bare array', () => {
    const charts = extractCharts({
      lossCurves: { learner: [3, 2, 1], reference: [3, 2.1, 0.9] },
      history: [{ name: 'a', values: [1, 2] }, { label: 'b', data: [2, 1] }, { nope: true }],
      grads: [0.1, 0.2, 0.3],
      maxAbsError: 1e-7,
      one: [1],
      mixed: [1, 'x'],
    });
    expect(charts).toEqual([
      { key: 'lossCurves', series: [{ name: 'learner', values: [3, 2, 1] }, { name: 'reference', values: [3, 2.1, 0.9] }] },
      { key: 'history', series: [{ name: 'a', values: [1, 2] }, { name: 'b', values: [2, 1] }] },
      { key: 'grads', series: [{ name: 'grads', values: [0.1, 0.2, 0.3] }] },
    ]);
  });

  it('ignores non-finite values and empty details', () => {
    expect(extractCharts({ x: [1, Number.NaN] })).toEqual([]);
    expect(extractCharts(null)).toEqual([]);
  });
});

describe('extractScalars', () => {
  it('lists numbers, booleans and short strings', () => {
    expect(extractScalars({ maxAbsError: 1.5e-7, params: 1234, ok: true, note: 'p4', curve: [1, 2] })).toEqual([
      ['maxAbsError', '1.50e-7'],
      ['params', '1234'],
      ['ok', 'yes'],
      ['note', 'p4'],
    ]);
  });
});

describe('layoutLines', () => {
  it('puts the max at the top and the min at the bottom', () => {
    const { points, min, max } = layoutLines([{ name: 'a', values: [0, 10] }], 100, 50, 0);
    expect([min, max]).toEqual([0, 10]);
    expect(points).toEqual(['0,50 100,0']);
  });

  it('handles flat series', () => {
    const { points } = layoutLines([{ name: 'a', values: [2, 2, 2] }], 100, 50, 0);
    expect(points[0]).toBe('0,25 50,25 100,25');
  });
});
