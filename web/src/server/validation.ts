// Request schemas for the API routes (zod), and the one way their failures become AppErrors.
import { z } from 'zod';
import { AppError } from './app-error';

export const exerciseSlugSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like "shared-conv"');

export const submissionIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'is not a submission id');

/** Ids the database makes (cuid): letters, digits, '_' and '-'. */
export const recordIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'is not a valid id');

export const createSubmissionSchema = z.object({
  exerciseSlug: exerciseSlugSchema,
  code: z.string(),
  /** Submitting to a course assignment (its window, cap and gap then apply). */
  assignmentId: recordIdSchema.optional(),
});
export type CreateSubmissionRequest = z.infer<typeof createSubmissionSchema>;

export const signInSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1_000),
  next: z.string().max(2_000).optional(),
});
export type SignInRequest = z.infer<typeof signInSchema>;

// ---- accounts ----

// Control characters, bidi overrides and line separators would let a name rewrite the text around it
// (rosters, CSV exports); ordinary punctuation, accents and emoji are fine.
const UNSAFE_TEXT = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

/** A single-line human-readable text: trimmed, non-empty, at most `max` characters, no control characters. */
export function plainTextSchema(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !UNSAFE_TEXT.test(v), 'must not contain control characters');
}

export const DISPLAY_NAME_MAX = 80;
export const PASSWORD_MIN = 10;

export const emailSchema = z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address'));
/** A new password (signing in accepts whatever was set before). */
export const newPasswordSchema = z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(200, 'must be at most 200 characters');

export const signUpSchema = z.object({
  email: emailSchema,
  displayName: plainTextSchema(DISPLAY_NAME_MAX),
  password: newPasswordSchema,
});
export type SignUpRequest = z.infer<typeof signUpSchema>;

export const resetPasswordSchema = z.object({
  token: z.string().min(1, 'is required').max(200, 'is not a reset token'),
  password: newPasswordSchema,
});

export const setRoleSchema = z.object({ email: emailSchema, role: z.enum(['STUDENT', 'INSTRUCTOR', 'ADMIN']) });

// ---- courses ----

export const courseSlugSchema = z
  .string()
  .min(3, 'must be at least 3 characters')
  .max(60, 'must be at most 60 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single dashes, like "deep-learning-2026"');

export const createCourseSchema = z.object({
  title: plainTextSchema(120),
  slug: courseSlugSchema,
  // Several lines allowed; still no other control characters.
  description: z
    .string()
    .trim()
    .max(2_000, 'must be at most 2000 characters')
    .refine((v) => !UNSAFE_TEXT.test(v.replace(/\r?\n/g, ' ')), 'must not contain control characters')
    .optional(),
});

export const joinCourseSchema = z.object({ joinCode: z.string().trim().min(1, 'is required').max(40, 'is not a join code') });

export const memberRoleSchema = z.object({ email: emailSchema, role: z.enum(['STUDENT', 'TA', 'INSTRUCTOR']) });

export const passwordResetRequestSchema = z.object({ userId: recordIdSchema });

// ---- assignments ----

/** An instant with its zone ("2026-12-01T17:00:00Z" or "…+01:00"), within sane years. */
const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be a date and time with a zone, like 2026-12-01T17:00:00Z' })
  .transform((v) => new Date(v))
  .refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, 'must be between the years 2000 and 2100');

export const createAssignmentSchema = z.object({
  exerciseSlug: exerciseSlugSchema,
  opensAt: instantSchema.nullish(),
  dueAt: instantSchema.nullish(),
  latePolicy: z
    .object({
      penaltyPerDay: z.number().gt(0, 'must be more than 0').max(1, 'must be at most 1 (100 % a day)'),
      cutoffAt: instantSchema,
    })
    .nullish(),
  maxSubmissions: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000, 'must be at most 1000').nullish(),
  minSecondsBetween: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(7 * 86_400, 'must be at most a week (604800)').nullish(),
});
export type CreateAssignmentRequest = z.infer<typeof createAssignmentSchema>;

/** A regrade: one submission of the assignment, or (no id) all of them. */
export const regradeSchema = z.object({ submissionId: recordIdSchema.optional() });

// ---- leaderboards ----

/** GET /api/courses/{slug}/leaderboard?assignment={id}: the course board without `assignment`. */
export const leaderboardQuerySchema = z.object({ assignment: recordIdSchema.optional() });

/** Instructors: hide the boards from students, freeze them at an instant (null lifts the freeze). */
export const leaderboardSettingsSchema = z
  .object({ hidden: z.boolean().optional(), frozenAt: instantSchema.nullable().optional() })
  .refine((v) => v.hidden !== undefined || v.frozenAt !== undefined, 'give hidden, frozenAt or both');

/**
 * A student's own entry: the name shown to the other students (null = their account's name; the
 * data layer checks the characters and that no other member goes by it) and the opt-out.
 * `nameMax` is the data layer's (BOARD_NAME_MAX), handed in so this module stays free of it.
 */
export function leaderboardEntrySchema(nameMax: number) {
  return z
    .object({ name: plainTextSchema(nameMax).nullable().optional(), optOut: z.boolean().optional() })
    .refine((v) => v.name !== undefined || v.optOut !== undefined, 'give name, optOut or both');
}

export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what = 'request body'): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new AppError('VALIDATION', `Invalid ${what}: ${summary}`, { issues });
}

export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** Code over `codeMaxBytes` UTF-8 bytes is refused (413), in the words the learner sees. */
function requireCodeWithin(code: string, codeMaxBytes: number, what: string): void {
  const bytes = utf8ByteLength(code);
  if (bytes > codeMaxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `Your code is ${Math.ceil(bytes / 1000)} KB; ${what} are limited to ${Math.floor(codeMaxBytes / 1000)} KB.`);
  }
}

/** Validates a POST /api/submissions payload, including the code size limit (413). */
export function parseCreateSubmission(input: unknown, codeMaxBytes: number): CreateSubmissionRequest {
  const request = parseOrThrow(createSubmissionSchema, input);
  requireCodeWithin(request.code, codeMaxBytes, 'submissions');
  return request;
}

// ---- drafts ----

export const saveDraftSchema = z.object({ code: z.string() }).strict();
export type SaveDraftRequest = z.infer<typeof saveDraftSchema>;

/** Validates a PUT /api/drafts/<slug> payload: only the code, bounded like a submission (413). */
export function parseSaveDraft(input: unknown, codeMaxBytes: number): SaveDraftRequest {
  const request = parseOrThrow(saveDraftSchema, input, 'draft');
  requireCodeWithin(request.code, codeMaxBytes, 'drafts');
  return request;
}
