// The probe kit: helpers every exercise's probes.ts shares (`import { … } from
// '@tyinglab/grader/probe-kit'`). Probes run in three places — the sandbox child, the trusted
// grader process (for the reference) and the learner's browser — and each provides this module
// next to '@tensorflow/tfjs', so the kit imports nothing else. It is public glue: it only moves
// numbers between plain JSON and the learner's tensors (building, calling, training and
// differentiating the learner's model), with error messages that say which part of the learner's
// API misbehaved.
export * from './core';
export * from './layers';
export * from './training';
export * from './gradients';
export * from './noise';
export * from './contract';
