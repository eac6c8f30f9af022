// Request schemas for the API routes (zod), and the one way their failures become AppErrors.
import { z } from 'zod';
import { AppError } from './app-error';

export const exerciseSlugSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like "shared-conv"');

export const submissionIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'is not a submission id');

export const createSubmissionSchema = z.object({
  exerciseSlug: exerciseSlugSchema,
  code: z.string(),
});
export type CreateSubmissionRequest = z.infer<typeof createSubmissionSchema>;

export const signInSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1_000),
  next: z.string().max(2_000).optional(),
});
export type SignInRequest = z.infer<typeof signInSchema>;

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

/** Validates a POST /api/submissions payload, including the code size limit (413). */
export function parseCreateSubmission(input: unknown, codeMaxBytes: number): CreateSubmissionRequest {
  const request = parseOrThrow(createSubmissionSchema, input);
  const bytes = utf8ByteLength(request.code);
  if (bytes > codeMaxBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `Your code is ${Math.ceil(bytes / 1000)} KB; submissions are limited to ${Math.floor(codeMaxBytes / 1000)} KB.`,
    );
  }
  return request;
}
