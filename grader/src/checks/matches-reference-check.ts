// matchesReferenceCheck: the hidden "same outputs as the reference for the same weights" check. The
// probe (run on the learner's code and on the solution) answers one entry per probed input,
// `{ label, <output>: tensor, … }`; every output of every entry is compared with the reference's.
// A probe that exercises a sequence of calls (several instances, new weights between calls) may
// answer null for the outputs of a call that threw, `{ label, <output>: null }`, so the other calls
// are still compared and the message names the call that failed (the error itself is never shown:
// it may carry hidden inputs). Null, not a flag of its own: the sandbox filter keeps only the keys
// the reference's answers have too (docs/trust-model.md, "Learner text").
import { z } from 'zod';
import { matchesReference } from './matches-reference';
import type { NumTensor } from './tensor';
import type { CheckFn } from './types';

/** How one compared output of an entry is validated, and what a case is called in messages. */
export interface ComparedOutput {
  schema: z.ZodType<NumTensor>;
  /** The case's name from the entry's label, e.g. (l) => `encode(x) for ${l}` (default: the label). */
  label: (entryLabel: string) => string;
}

export interface MatchesReferenceCheckOptions<Plan> {
  /** The probe answering `[{ label, <output>: tensor, … }]` (default "injected"). */
  probe?: string;
  /** The compared outputs of each entry, by field name: a tensor schema, or one with a case label. */
  outputs: Record<string, z.ZodType<NumTensor> | ComparedOutput>;
  /** Axis names for the worst-location report, e.g. ['n', 'y', 'x', 'c']. */
  axes?: string[];
  /** What is compared, e.g. "hidden-state sequence" (default "output"). */
  what?: string;
  /**
   * Added to a failed message: the usual mistake. A function sees which entries matched (all their
   * outputs within tolerance) and the plan, and may return nothing.
   */
  hint?: string | ((matched: boolean[], plan: Plan) => string | undefined);
}

/** More entries than any exercise probes; the answer is bounded all the same. */
const MAX_ENTRIES = 16;
const EMPTY: NumTensor = { shape: [], data: [] };

type Entry = { label: string } & Record<string, unknown>;

export function matchesReferenceCheck<Plan>({ probe = 'injected', outputs, axes, what, hint }: MatchesReferenceCheckOptions<Plan>): CheckFn<Plan> {
  const compared = Object.entries(outputs).map(([field, o]) =>
    typeof (o as Partial<ComparedOutput>).label === 'function' ? { field, ...(o as ComparedOutput) } : { field, schema: o as z.ZodType<NumTensor>, label: (l: string) => l },
  );
  const entry = z.strictObject({ label: z.string().max(200), ...Object.fromEntries(compared.map((c) => [c.field, c.schema])) });
  const schema = z.array(entry).max(MAX_ENTRIES) as unknown as z.ZodType<Entry[]>;
  // Only the learner may have thrown: a reference that throws is our bug (an internal error).
  const learnerEntry = z.strictObject({ label: z.string().max(200), ...Object.fromEntries(compared.map((c) => [c.field, c.schema.nullable()])) });
  const learnerSchema = z.array(learnerEntry).max(MAX_ENTRIES) as unknown as z.ZodType<Entry[]>;
  const options = { ...(axes ? { axes } : {}), ...(what ? { what } : {}) };

  return (ctx) => {
    const mine = ctx.learner(probe, learnerSchema);
    const ref = ctx.reference(probe, schema);
    // Entries are matched by position: both answers come from the same probe code.
    const casesOf = (r: Entry, i: number) =>
      compared.map((c) => ({
        label: c.label(r.label),
        expected: r[c.field] as NumTensor,
        actual: (mine[i]?.[c.field] as NumTensor | null | undefined) ?? EMPTY,
        ...(mine[i]?.[c.field] === null ? { threw: true } : {}),
      }));
    const out = matchesReference({ cases: ref.flatMap(casesOf), tolerance: ctx.tolerance, ...options });
    if (out.passed || hint === undefined) return out;
    const extra = typeof hint === 'string' ? hint : hint(ref.map((r, i) => matchesReference({ cases: casesOf(r, i), tolerance: ctx.tolerance, ...options }).passed), ctx.plan);
    return extra ? { ...out, message: `${out.message} ${extra.trimStart()}` } : out;
  };
}
