// Random plan contents drawn from the per-run RNG (makePlan): the grader's weights and inputs.
import type { NumTensor } from './tensor';
import { size } from './tensor';
import type { Rng } from '../util/rng';

/** A tensor of independent N(0, std²) values. */
export const randomTensor = (rng: Rng, shape: number[], std = 1): NumTensor => ({ shape, data: rng.normals(size(shape), std) });
