// Public entry of @tyinglab/grader: gradeSubmission, result types and the check library.
export { gradeSubmission } from './grade/grade-submission';
export type { GradeInput, GradeOutcome, NotGradableReason } from './grade/grade-submission';
export * from './checks';
export { initTf, BackendError, defaultWasmDir } from './tf/init-tf';
export type { InitTfOptions, GradingBackend } from './tf/init-tf';
export { registerConv2dGradient, conv2dGrads, UnsupportedConv2dGradError } from './tf/conv2d-grad';
export { runChild, DEFAULT_LIMITS } from './sandbox/runner';
export type { SandboxResult } from './sandbox/runner';
export type { SandboxLayer, SandboxLimits } from './sandbox/layers';
export { validateExercises } from './validate/validate';
export type { ValidationReport } from './validate/validate';
