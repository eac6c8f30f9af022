// Claim priorities (Submission.priority; higher is claimed first). A learner waiting for a verdict
// always goes before a regrade an instructor asked for.
export const QUEUE_PRIORITY = { live: 0, regrade: -10 } as const;
