// Public entry of @tyinglab/grader: gradeSubmission, result types and the check library.
export { gradeSubmission } from './grade/grade-submission';
export type { GradeInput, GradeOutcome, NotGradableReason } from './grade/grade-submission';
export * from './checks';
export { initTf, BackendError, defaultWasmDir } from './tf/init-tf';
export type { InitTfOptions, GradingBackend } from './tf/init-tf';
export { registerConv2dGradient, conv2dGrads, UnsupportedConv2dGradError } from './tf/conv2d-grad';
export { runChild, DEFAULT_LIMITS, SandboxProcess, WarmPool, warmPool, checkSandboxPolicy, SandboxUnavailableError } from './sandbox/runner';
export type { SandboxResult, RunChildOptions } from './sandbox/runner';
export type { SandboxLimits } from './sandbox/layers';
export { hostCapabilities, missingLayers, REQUIRED_LAYERS } from './sandbox/capabilities';
export type { HostCapabilities, LayerName } from './sandbox/capabilities';
export { validateExercises } from './validate/validate';
export type { ValidationReport } from './validate/validate';
