// The plot layout on what the check library really declares (not invented shapes): learner and
// reference curves, gaps, non-uniform x, and a check whose arrays are not curves at all.
import { equivariance, linePlot, trainsLikeReference, translation, type NumTensor } from '@tyinglab/grader/checks';
import { layoutPlot } from './plot-layout';

const tol = { atol: 1e-4, rtol: 1e-3 };

describe('layoutPlot on plots the check library declares', () => {
  it("draws a stuck learner and the reference as two different lines on the plot's own steps", () => {
    const out = trainsLikeReference({ learnerLosses: [2, 2, 2], referenceLosses: [2, 1.5, 1], tolerance: tol, optimizer: 'SGD' });
    const l = layoutPlot(out.plots![0]!, 100, 50, 0);
    expect([l.x, l.y]).toEqual([
      { min: 0, max: 2 },
      { min: 1, max: 2 },
    ]);
    expect(l.series.map((s) => [s.name, s.dashed, s.runs])).toEqual([
      ['your loss', false, ['0,0 50,0 100,0']],
      ['reference loss', true, ['0,0 50,25 100,50']],
    ]);
  });

  it('keeps a correct learner distinguishable where both curves coincide', () => {
    const out = trainsLikeReference({ learnerLosses: [2, 1.5, 1], referenceLosses: [2, 1.5, 1], tolerance: tol, optimizer: 'SGD' });
    const [mine, ref] = layoutPlot(out.plots![0]!, 100, 50, 0).series;
    expect(mine!.runs).toEqual(ref!.runs);
    expect([mine!.color === ref!.color, mine!.dashed, ref!.dashed]).toEqual([false, false, true]);
  });

  it('leaves a gap where the learner reported no value, and a lone value is still drawn', () => {
    const out = trainsLikeReference({ learnerLosses: [2], referenceLosses: [2, 1.5, 1], tolerance: tol, optimizer: 'SGD' });
    expect(layoutPlot(out.plots![0]!, 100, 50, 0).series[0]!.runs).toEqual(['0,0 0,0']);
  });

  it('places points by their x value (a λ sweep is not evenly spaced) and centres a flat line', () => {
    const plot = linePlot({ title: 'MSE', xLabel: 'λ', yLabel: 'MSE', x: [0, 0.25, 1], series: [{ name: 'flat', values: [3, 3, 3] }] });
    expect(layoutPlot(plot, 100, 50, 0).series[0]!.runs).toEqual(['0,25 25,25 100,25']);
  });

  it('an equivariance check declares no plot: its worst location is an index, shown as a fact', () => {
    const x: NumTensor = { shape: [1, 4, 4, 1], data: Array.from({ length: 16 }, (_, i) => (i * 7) % 5) };
    const out = equivariance({ fx: x, fTx: { ...x, data: x.data.map((v) => v * 2) }, outputTransform: translation(1, 0, 'circular'), tolerance: tol, axes: ['n', 'y', 'x', 'c'] });
    expect(out.passed).toBe(false);
    expect(out.plots).toBeUndefined();
    expect(out.facts).toContainEqual({ label: 'largest difference at', value: '[n=0, y=1, x=3, c=0]' });
  });
});
