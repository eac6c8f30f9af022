// The check library: what an exercise's checks.ts builds its checks from.
export * from './types';
export * from './tensor';
export * from './transforms';
export * from './param-count';
export * from './matches-reference';
export * from './equivariance';
export * from './training';
export { Rng } from '../util/rng';
export * from './finite-differences';
export * from './optimizer-step';
