// The only module of the grader that reads process.env: sandbox policy and pool settings.
import { z } from 'zod';

const schema = z.object({
  /** auto: use every layer this host supports, warn loudly once about missing ones.
   *  strict: refuse to grade unless every layer is available (production). */
  GRADER_SANDBOX: z.enum(['auto', 'strict']).default('auto'),
  /** First host uid of the per-slot sandbox users (slot n runs as uid base+n). */
  GRADER_SLOT_UID_BASE: z.coerce.number().int().min(1000).max(4_000_000_000).default(64_000),
  /** Pre-started sandboxes kept ready per worker process (0 disables the warm pool). */
  GRADER_WARM_POOL: z.coerce.number().int().min(0).max(8).default(1),
  /** Folder for slot lock files, shared by all workers on one host. */
  GRADER_SLOT_DIR: z.string().default('/tmp/tyinglab-slots'),
});

export type GraderConfig = z.infer<typeof schema>;

let cached: GraderConfig | null = null;

export function graderConfig(): GraderConfig {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) throw new Error(`Invalid grader configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    cached = parsed.data;
  }
  return cached;
}

/** Tests switch policies without restarting the process: sets the variables, then re-reads them. */
export function setGraderEnvForTests(vars: Record<string, string>): void {
  Object.assign(process.env, vars);
  cached = null;
}

/** This process's environment plus `extra`: for the real processes tests start (CLI, worker). */
export function environmentWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** GRADER_VALIDATE_ALL=1: the jest validation suite covers every exercise, not only the model one. */
export function validateAllInTests(): boolean {
  return process.env.GRADER_VALIDATE_ALL === '1';
}
