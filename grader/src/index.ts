// @tyinglab/grader, main door: the grading engine for code that runs it — grade a submission,
// validate exercise content, check the host's sandbox before grading. The queue worker and the
// rest of the CLI are reached through the `grader` bin, not imported. Other doors: `./checks` (the
// check library exercise content builds on), `./browser` (the in-browser check worker's message
// types), `./probe-kit` (what probes.ts files import), `./check-worker-dist/*` (the built browser bundle).
export { gradeSubmission } from './grade/grade-submission';
export type { GradeInput, GradeOutcome } from './grade/grade-submission';
export { validateExercises } from './validate/validate';
export type { ValidationReport } from './validate/validate';
export { checkSandboxPolicy, SandboxUnavailableError } from './sandbox/runner';
export { hostCapabilities, missingLayers } from './sandbox/capabilities';
export type { HostCapabilities, LayerName } from './sandbox/capabilities';
