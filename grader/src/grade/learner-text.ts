// Text that comes from learner code, and the bounds on everything a grading stores or sends.
//
// The sandbox is untrusted: a submission can put anything in an error message or a name, including
// the hidden inputs it was handed, in any encoding, and as much of it as it likes. Feedback is
// therefore built by the trusted side from trusted numbers; sandbox text is reduced to what a
// learner needs (which weight, which shape, which line) by reduceSandboxResponse (the rule is at
// that function), and every result is bounded by boundCheckResults before it is stored or sent.
import type { ProbeAnswers, ProbeResult } from '../sandbox/protocol';

const MAX_LEN = 300;
/** Appended wherever text was cut, so a reader knows there was more. */
export const TRUNCATED = '… (truncated)';

/** `text` cut to at most `max` characters, ending in the truncation marker when cut. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - TRUNCATED.length))}${TRUNCATED}`;
}

/**
 * One short line of learner text for a learner: cut to one bounded line, control characters
 * dropped, and anything that looks like data — decimal numbers with a fractional part, long digit
 * runs, long lists of numbers — replaced by "…". Honest messages keep what makes them useful:
 * names, shapes like [2,8,8,3], line numbers.
 */
export function sanitizeLearnerText(text: string, maxLen = MAX_LEN): string {
  let t = (String(text).split('\n')[0] ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/-?\d*\.\d+(?:e[-+]?\d+)?/gi, '…') // 0.4213, .5, 1.2e-3
    .replace(/\d{7,}/g, '…') // long digit runs (encoded data)
    .replace(/(?:…[\s,;]*){4,}/g, '…'); // runs of redacted values collapse to one
  // Long runs of integers separated by commas are data, not shapes (shapes have rank ≤ 6).
  t = t.replace(/(?:-?\d+\s*,\s*){8,}-?\d+/g, '…');
  return cut(t, maxLen);
}

/**
 * Control characters (C0, DEL, C1, line separators, bidirectional overrides) made visible as
 * `\uXXXX`, so that text from a submission can neither start a forged line in a log nor reorder
 * what a terminal shows.
 */
export function escapeControl(text: string): string {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escaped (control characters visible) and bounded, with the truncation marker when cut. */
export function boundText(text: string, max: number): string {
  return cut(escapeControl(text), max);
}

/** For log lines: one line whatever the input (newlines become visible `\u000a`), bounded. */
export const escapeForLog = (text: string, max = 2000): string => boundText(text, max);

// ------------------------------------------------------------------------------------------------
// What of the sandbox's text reaches a learner

/** Error classes whose name is shown for an error thrown while probes ran (anything else is "an error"). */
const STANDARD_ERROR_CLASSES = new Set(['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError']);

export interface TrustedView {
  /** Probe names of the exercise (probes.ts): answers under any other name are dropped. */
  probeNames: readonly string[];
  /** The plan and the reference solution's answers: every string in them is trusted text. */
  plan: unknown;
  reference: ProbeAnswers;
  /** The learner file's name and its number of lines (a line beyond it is not shown). */
  filename: string;
  sourceLines: number;
}

type SandboxText =
  | { kind: 'compile_error'; message: string }
  | { kind: 'load_error'; message: string }
  | { kind: 'answers'; probes: ProbeAnswers; tfReadyMs: number };

/**
 * THE RULE for text from the sandbox (enforced here, and only here, for everything the server grades):
 *
 *  1. Compile errors: shown (one sanitised line). The child compiles before any learner code runs
 *     (protocol.ts makes a later compile_error a violation), so the text is the compiler's, about
 *     the learner's own source.
 *  2. Load errors: shown (one sanitised line). The plan is sent to the child only after the module
 *     has loaded (protocol.ts), so code that produced this text never saw a hidden input.
 *  3. Errors thrown while probes ran (on hidden inputs): only the error's class, when it is one of
 *     the standard classes, and its line in the learner's file, when within the file. Never the
 *     message: it could carry the inputs in any encoding. The learner sees the full message by
 *     running the code on inputs of their own (the visible checks in the browser do).
 *  4. Strings inside answers (weight names, labels, object keys): kept only when the trusted side
 *     produced the very same string itself (in the plan or the reference solution's answers, e.g.
 *     "kernel"); every other string becomes a placeholder "‹name #k›" (k-th distinct such string),
 *     so checks still see which names are equal, and which are expected, but no learner-chosen text.
 *  5. Nothing else: no stdout or stderr, and answers under probe names the exercise does not have
 *     are dropped. Numbers in answers are the learner's results, which checks compare and format.
 */
export function reduceSandboxResponse<T extends SandboxText>(res: T, view: TrustedView): T {
  switch (res.kind) {
    case 'compile_error':
    case 'load_error':
      return { ...res, message: sanitizeLearnerText(res.message) };
    case 'answers': {
      const known = trustedStrings(view.plan, view.reference);
      const placeholders = new Map<string, string>();
      const probes: ProbeAnswers = {};
      for (const name of view.probeNames) {
        if (!Object.prototype.hasOwnProperty.call(res.probes, name)) continue;
        const r = res.probes[name]!;
        probes[name] = r.ok ? { ok: true, value: replaceUnknownStrings(r.value, known, placeholders), ms: r.ms } : { ok: false, error: probeErrorText(r, view), ms: r.ms };
      }
      return { ...res, probes };
    }
  }
  return res;
}

/** Rule 3: what is said of an error thrown while probes ran on hidden inputs. */
function probeErrorText(r: Extract<ProbeResult, { ok: false }>, view: TrustedView): string {
  const cls = typeof r.errorClass === 'string' && STANDARD_ERROR_CLASSES.has(r.errorClass) ? r.errorClass : null;
  const line = typeof r.line === 'number' && Number.isSafeInteger(r.line) && r.line >= 1 && r.line <= view.sourceLines ? r.line : null;
  const what = cls ? `threw ${/^[AEIOU]/.test(cls) ? 'an' : 'a'} ${cls}` : 'threw an error';
  return `${what}${line ? ` (${view.filename} line ${line})` : ''}; its message is not shown because this probe ran on hidden inputs (run your code on inputs of your own to see it)`;
}

/** Every string (values and keys) in trusted JSON-like values. */
function trustedStrings(...values: unknown[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (v && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      if (Array.isArray(v)) v.forEach(walk);
      else
        for (const [k, x] of Object.entries(v)) {
          out.add(k);
          walk(x);
        }
    }
  };
  values.forEach(walk);
  return out;
}

/** Rule 4 on one answer value (plain JSON from the frame): unknown strings and keys become placeholders. */
function replaceUnknownStrings(v: unknown, known: Set<string>, placeholders: Map<string, string>): unknown {
  const rename = (s: string): string => {
    if (known.has(s)) return s;
    let p = placeholders.get(s);
    if (p === undefined) {
      p = `‹name #${placeholders.size + 1}›`;
      placeholders.set(s, p);
    }
    return p;
  };
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return rename(x);
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') {
      // defineProperty: a key "__proto__" stays an ordinary key.
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(x)) Object.defineProperty(out, rename(k), { value: walk(val), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return x;
  };
  return walk(v);
}

// ------------------------------------------------------------------------------------------------
// Bounds on what a grading stores and sends

/** Bounds of one GRADED result: at most a few checks × (message + shown extras), well under 64 KB of JSON. */
export const RESULT_BOUNDS = {
  messageChars: 2000,
  /** Facts, plots and any other field beside the message, per check (JSON bytes). */
  extrasBytesPerCheck: 12_000,
  /** The whole list of check results (JSON bytes). */
  totalBytes: 60_000,
} as const;

const CORE_FIELDS = new Set(['name', 'title', 'points', 'maxPoints', 'passed', 'message', 'visibility']);
const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8');

interface CheckLike {
  message: string;
  points: number;
  maxPoints: number;
  passed: boolean;
}

/** Every string in a JSON-like value with its control characters made visible (a database text column refuses NUL). */
function escapeStrings(v: unknown): unknown {
  if (typeof v === 'string') return escapeControl(v);
  if (Array.isArray(v)) return v.map(escapeStrings);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [escapeControl(k), escapeStrings(x)]));
  return v;
}

/** Empties a check's extras (facts, plots, details…): arrays become [], anything else is removed. */
function dropExtras<T extends CheckLike>(c: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) {
    if (CORE_FIELDS.has(k)) out[k] = v;
    else if (Array.isArray(v)) out[k] = [];
  }
  out.message = cut(`${c.message} (details omitted: too large)`, RESULT_BOUNDS.messageChars);
  return out as T;
}

/**
 * The final pass over every check result before it is stored or sent, whatever the check or the
 * exercise: message escaped and cut, points finite and within [0, maxPoints], extras per check
 * and the whole list within RESULT_BOUNDS (the largest extras go first, then messages shrink).
 */
export function boundCheckResults<T extends CheckLike>(checks: readonly T[]): T[] {
  let out = checks.map((c) => {
    const points = Number.isFinite(c.points) ? Math.min(Math.max(0, c.points), Number.isFinite(c.maxPoints) ? c.maxPoints : 0) : 0;
    const bounded = { ...(escapeStrings(c) as T), points, passed: c.passed === true, message: boundText(String(c.message), RESULT_BOUNDS.messageChars) };
    const extras = Object.entries(bounded).filter(([k]) => !CORE_FIELDS.has(k));
    return jsonBytes(Object.fromEntries(extras)) > RESULT_BOUNDS.extrasBytesPerCheck ? dropExtras(bounded) : bounded;
  });
  const total = (): number => jsonBytes(out);
  const extrasBytes = (c: T): number => jsonBytes(Object.fromEntries(Object.entries(c).filter(([k]) => !CORE_FIELDS.has(k))));
  const dropped = new Set<number>();
  while (total() > RESULT_BOUNDS.totalBytes) {
    // The largest extras go first…
    let largest = -1;
    out.forEach((c, i) => {
      if (!dropped.has(i) && (largest < 0 || extrasBytes(c) > extrasBytes(out[largest]!))) largest = i;
    });
    if (largest >= 0) {
      dropped.add(largest);
      out = out.map((c, i) => (i === largest ? dropExtras(c) : c));
      continue;
    }
    // …then, with no extras left anywhere, the messages share what remains of the budget.
    let share = Math.floor(RESULT_BOUNDS.totalBytes / Math.max(1, out.length) / 4);
    const messages = out.map((c) => c.message);
    do {
      out = out.map((c, i) => ({ ...c, message: cut(messages[i]!, share) }));
      share = Math.floor(share / 2);
    } while (total() > RESULT_BOUNDS.totalBytes && share >= TRUNCATED.length);
    break;
  }
  return out;
}
