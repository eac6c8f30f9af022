// The probe protocol between the trusted grader and the sandbox child: one request on stdin,
// one framed response on stdout. Everything here is plain JSON.
import { z } from 'zod';

export interface ChildRequest {
  /** Random per run; the response frame must carry it. Never derived from the plan seed. */
  marker: string;
  learnerSource: string;
  /** Shown in compile errors and stack traces, e.g. "submission.ts". */
  learnerFilename: string;
  probesSource: string;
  /** The probe plan (inputs + weights), built by the trusted side from a seed the child never sees. */
  plan: unknown;
  /** Responses larger than this are refused by the child itself (OUTPUT_LIMIT). */
  maxAnswerBytes: number;
}

export type ProbeResult = { ok: true; value: unknown; ms: number } | { ok: false; error: string; ms: number };
export type ProbeAnswers = Record<string, ProbeResult>;

const probeResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown(), ms: z.number() }),
  z.strictObject({ ok: z.literal(false), error: z.string().max(2000), ms: z.number() }),
]);

export const childResponseSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('answers'), probes: z.record(z.string(), probeResultSchema), tfReadyMs: z.number() }),
  z.strictObject({ kind: z.literal('compile_error'), message: z.string().max(4000) }),
  z.strictObject({ kind: z.literal('load_error'), message: z.string().max(4000) }),
  z.strictObject({ kind: z.literal('output_limit'), bytes: z.number() }),
  z.strictObject({ kind: z.literal('internal_error'), message: z.string().max(8000) }),
]);
export type ChildResponse = z.infer<typeof childResponseSchema>;

/** Writes one frame: marker + byte length line, the JSON, then an end line. */
export function encodeFrame(marker: string, json: string): string {
  return `\n${marker} ${Buffer.byteLength(json, 'utf8')}\n${json}\n${marker} END\n`;
}

/** Finds and decodes the frame for `marker` in the captured stdout; null when absent or corrupt. */
export function decodeFrame(stdout: Buffer, marker: string): unknown {
  const head = Buffer.from(`\n${marker} `, 'utf8');
  const start = stdout.indexOf(head);
  if (start < 0) return null;
  const lenStart = start + head.length;
  const nl = stdout.indexOf(0x0a, lenStart);
  if (nl < 0) return null;
  const len = Number(stdout.subarray(lenStart, nl).toString('utf8'));
  if (!Number.isSafeInteger(len) || len < 0) return null;
  const body = stdout.subarray(nl + 1, nl + 1 + len);
  if (body.length !== len) return null;
  const tail = stdout.subarray(nl + 1 + len, nl + 1 + len + marker.length + 5).toString('utf8');
  if (tail !== `\n${marker} END`) return null;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}
