// randomTensor: the plan's random weights and inputs, replayable from the per-run seed.
import { randomTensor } from './random';
import { Rng } from '../util/rng';

describe('randomTensor', () => {
  it('draws prod(shape) values from the RNG, scaled by std, the same for the same seed', () => {
    const t = randomTensor(new Rng('plan'), [2, 3], 0.5);
    expect(t.shape).toEqual([2, 3]);
    expect(t.data).toEqual(new Rng('plan').normals(6, 0.5));
    expect(randomTensor(new Rng('plan'), [2, 3]).data.map((v) => v / 2)).toEqual(t.data);
    expect(randomTensor(new Rng('other'), [2, 3], 0.5).data).not.toEqual(t.data);
  });
});
