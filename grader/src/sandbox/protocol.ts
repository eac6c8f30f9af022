// The probe protocol between the trusted grader and the sandbox child. Everything here is JSON.
//
//   runner → child, on stdin, one JSON line each:
//     1. ChildSetup  (learner source, probes source, marker) — at once
//     2. ChildPlan   (the hidden inputs and weights)          — only after the child said "loaded"
//   child → runner, as frames on a dedicated pipe (the "channel"; never stdout, which is the
//   learner's), in exactly this grammar:
//       internal_error | compile_error                          (setup failed: no learner code ran)
//     | started (load_error | memory_limit)                     (the learner module failed to load)
//     | started loaded (answers | output_limit | memory_limit)  (the probes ran)
//   and nothing after the final frame.
//
// Learner code runs in the child's own process: it can find the marker in its heap and write to the
// channel fd like the child does, so nothing the child sends can be authenticated. The grammar is
// what makes a forgery worthless instead:
//  - `started` is written before any learner code runs, so whatever comes after it may be forged and
//    is attributed to the learner: an internal_error or compile_error there is a violation (the
//    learner crashed the run), never a platform fault.
//  - A frame the learner writes in addition to the child's breaks the grammar (two finals, a frame
//    after the final, bytes that are no frame): the whole run is rejected as CRASHED. A learner that
//    writes its frame and exits before the child can write one gets exactly what its own functions
//    could have returned: answers are untrusted data, validated by the checks.
//  - The plan is sent only after `loaded`, so a load error (whose message is shown) is produced by
//    code that never saw a hidden input.
// Frames are parsed with size and nesting bounds that fail fast, before JSON.parse.
import { z } from 'zod';

export interface ChildSetup {
  /** Random per run; frames must carry it (framing, not authentication: see above). */
  marker: string;
  learnerSource: string;
  /** Shown in compile errors and stack traces, e.g. "submission.ts". */
  learnerFilename: string;
  probesSource: string;
  /** Answers larger than this are refused by the child itself (OUTPUT_LIMIT). */
  maxAnswerBytes: number;
}

export interface ChildPlan {
  /** The probe plan (inputs + weights), built by the trusted side from a seed the child never sees. */
  plan: unknown;
}

/** What a caller of the runner provides: the setup without the runner's own fields, and the plan. */
export type ChildRequest = Omit<ChildSetup, 'marker' | 'maxAnswerBytes'> & ChildPlan;

/**
 * A failed probe: `error` is the full one-line description (shown by the browser's visible checks,
 * where inputs are public); `errorClass` and `line` are all the server shows of it (learner-text.ts).
 */
export type ProbeResult = { ok: true; value: unknown; ms: number } | { ok: false; error: string; errorClass?: string; line?: number; ms: number };
export type ProbeAnswers = Record<string, ProbeResult>;

/** Deepest nesting of arrays/objects accepted in a frame (honest answers nest about 8 deep). */
export const MAX_ANSWER_DEPTH = 64;
/** More probes than any exercise has; bounds the work of validating a forged frame. */
export const MAX_PROBES = 64;

const probeResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown(), ms: z.number() }),
  z.strictObject({ ok: z.literal(false), error: z.string().max(2000), errorClass: z.string().max(100).optional(), line: z.number().int().positive().optional(), ms: z.number() }),
]);

export const childFrameSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('started') }),
  z.strictObject({ kind: z.literal('loaded') }),
  z.strictObject({
    kind: z.literal('answers'),
    probes: z.record(z.string().max(100), probeResultSchema).refine((p) => Object.keys(p).length <= MAX_PROBES, 'too many probes'),
    tfReadyMs: z.number(),
  }),
  z.strictObject({ kind: z.literal('compile_error'), message: z.string().max(4000) }),
  z.strictObject({ kind: z.literal('load_error'), message: z.string().max(4000) }),
  z.strictObject({ kind: z.literal('output_limit'), bytes: z.number() }),
  z.strictObject({ kind: z.literal('memory_limit') }),
  z.strictObject({ kind: z.literal('internal_error'), message: z.string().max(8000) }),
]);
export type ChildFrame = z.infer<typeof childFrameSchema>;
/** The frame that ends a run. */
export type ChildResponse = Exclude<ChildFrame, { kind: 'started' | 'loaded' }>;

/** Writes one frame: marker + byte length line, then the JSON and a newline. */
export function encodeFrame(marker: string, json: string): string {
  return `${marker} ${Buffer.byteLength(json, 'utf8')}\n${json}\n`;
}

/**
 * Whether JSON text nests arrays/objects deeper than `max`: one pass over the bytes, so a
 * pathological answer (millions of `[`) is refused in milliseconds instead of being parsed.
 */
export function jsonDepthExceeds(json: Buffer | string, max: number): boolean {
  const buf = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (inString) {
      if (b === 0x5c) i++; // backslash: skip the escaped byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      if (++depth > max) return true;
    } else if (b === 0x5d || b === 0x7d) depth--;
  }
  return false;
}

/**
 * Incremental parser of the channel: complete frames in order, or a violation (bytes that are not
 * a frame of this run, a frame too large or too deep, JSON that does not parse). After a violation
 * nothing more is read.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  /** Chunks not yet joined to `buf`, while a frame of known length is still arriving. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes `buf` must hold to complete the frame in progress (0: header not parsed yet). */
  private need = 0;
  private total = 0;
  violation: string | null = null;

  constructor(
    private readonly marker: string,
    private readonly maxBytes: number,
  ) {}

  push(chunk: Buffer): unknown[] {
    if (this.violation) return [];
    this.total += chunk.length;
    if (this.total > this.maxBytes) {
      this.violation = `more than ${this.maxBytes} bytes on the channel`;
      return [];
    }
    // Joined only once the frame in progress is complete: a large answer arrives in many chunks.
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.need > 0 && this.buf.length + this.pendingBytes < this.need) return [];
    this.buf = Buffer.concat([this.buf, ...this.pending]);
    this.pending = [];
    this.pendingBytes = 0;
    this.need = 0;
    const frames: unknown[] = [];
    const head = `${this.marker} `;
    // Frames complete before a violation are still returned (in order): `started` may share a
    // chunk with the learner's garbage, and who is to blame depends on it.
    const fail = (why: string): unknown[] => {
      this.violation = why;
      this.buf = Buffer.alloc(0);
      return frames;
    };
    for (;;) {
      if (this.buf.length === 0) return frames;
      // Every byte must belong to a frame: check the head as soon as enough bytes are there.
      const have = Math.min(this.buf.length, head.length);
      if (this.buf.subarray(0, have).toString('latin1') !== head.slice(0, have)) return fail('bytes on the channel that are not a frame');
      const nl = this.buf.indexOf(0x0a, head.length);
      if (nl < 0) {
        if (this.buf.length > head.length + 12) return fail('malformed frame header');
        return frames;
      }
      const lenText = this.buf.subarray(head.length, nl).toString('latin1');
      const len = /^\d{1,10}$/.test(lenText) ? Number(lenText) : NaN;
      if (!Number.isSafeInteger(len) || len > this.maxBytes) return fail('malformed frame length');
      const end = nl + 1 + len;
      if (this.buf.length < end + 1) {
        this.need = end + 1; // wait for the rest
        return frames;
      }
      if (this.buf[end] !== 0x0a) return fail('frame does not end where its length says');
      const body = this.buf.subarray(nl + 1, end);
      this.buf = this.buf.subarray(end + 1);
      if (jsonDepthExceeds(body, MAX_ANSWER_DEPTH)) return fail(`frame nested deeper than ${MAX_ANSWER_DEPTH} levels`);
      try {
        frames.push(JSON.parse(body.toString('utf8')));
      } catch {
        return fail('frame is not JSON');
      }
    }
  }
}

type Phase = 'setup' | 'learner' | 'loaded' | 'done';
const ALLOWED: Record<Phase, readonly ChildFrame['kind'][]> = {
  setup: ['started', 'compile_error', 'internal_error'],
  learner: ['loaded', 'load_error', 'memory_limit'],
  loaded: ['answers', 'output_limit', 'memory_limit'],
  done: [],
};

/**
 * The runner's side of one run: feeds channel bytes through FrameReader and the grammar above.
 * `sendPlan` is called once, when the child reports the learner module loaded.
 */
export class ChildConversation {
  phase: Phase = 'setup';
  /** Whether learner code may have run (`started` seen): from then on every failure is the learner's. */
  learnerStarted = false;
  final: ChildResponse | null = null;
  violation: string | null = null;
  private readonly reader: FrameReader;

  constructor(
    marker: string,
    maxBytes: number,
    private readonly sendPlan: () => void,
  ) {
    this.reader = new FrameReader(marker, maxBytes);
  }

  push(chunk: Buffer): void {
    if (this.violation) return;
    for (const raw of this.reader.push(chunk)) {
      if (this.violation) return;
      this.accept(raw);
    }
    if (this.reader.violation && !this.violation) this.violation = this.reader.violation;
  }


  private accept(raw: unknown): void {
    if (this.phase === 'done') return this.fail('a frame after the final one');
    // Bound the work before zod walks a forged frame: record sizes are checked by hand first.
    const probes = (raw as { probes?: unknown } | null)?.probes;
    if (probes && typeof probes === 'object' && Object.keys(probes).length > MAX_PROBES) return this.fail('too many probes');
    const parsed = childFrameSchema.safeParse(raw);
    if (!parsed.success) return this.fail(`malformed frame: ${parsed.error.issues[0]?.message ?? ''}`);
    const frame = parsed.data;
    if (!ALLOWED[this.phase].includes(frame.kind)) return this.fail(`frame "${frame.kind}" not allowed in phase ${this.phase}`);
    switch (frame.kind) {
      case 'started':
        this.phase = 'learner';
        this.learnerStarted = true;
        return;
      case 'loaded':
        this.phase = 'loaded';
        this.sendPlan();
        return;
      default:
        this.phase = 'done';
        this.final = frame;
    }
  }

  private fail(why: string): void {
    this.violation = why;
  }
}
