// The check library: what an exercise's checks.ts builds its checks from.
export * from './types';
export * from './display';
export * from './tensor';
export * from './transforms';
export * from './param-count';
export * from './matches-reference';
export * from './equivariance';
export * from './training';
export * from './metrics';
export { Rng } from '../util/rng';
export * from './finite-differences';
export * from './optimizer-step';
// Check factories: a whole check from what is specific to the exercise (probe, schema, wording).
export * from './random';
export * from './param-count-check';
export * from './matches-reference-check';
export * from './trains-like-reference-check';
export * from './gradients-check';
export * from './layer-gradients-check';
export * from './leaks-check';
export * from './contract-check';
