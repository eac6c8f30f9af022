'use client';
// Compares two versions of the learner's code: any two submissions, or a submission and the code in
// the editor now. The texts are fetched once each (the page caches them) and shown in Monaco's diff
// editor.
import dynamic from 'next/dynamic';
import { useEffect, useId, useState } from 'react';
import { attemptLabel } from '@/lib/history';
import { formatDateTime } from '@/lib/format';
import type { SubmissionSummaryJson } from '@/lib/wire';

const CodeDiff = dynamic(() => import('./CodeDiff'), {
  ssr: false,
  loading: () => <div className="editor-loading">Loading the comparison…</div>,
});

/** A side of the comparison: the editor's code now, or a submission's id. */
export type CompareSide = 'current' | string;

export interface ComparePanelProps {
  rows: SubmissionSummaryJson[];
  currentCode: string;
  original: CompareSide;
  modified: CompareSide;
  onChange: (original: CompareSide, modified: CompareSide) => void;
  onClose: () => void;
  codeOf: (id: string) => Promise<string>;
}

function sideLabel(side: CompareSide, rows: SubmissionSummaryJson[]): string {
  if (side === 'current') return 'your current code';
  const row = rows.find((r) => r.id === side);
  return row ? `${attemptLabel(row)} (${formatDateTime(row.createdAt, undefined, undefined, true)})` : 'a submission';
}

export function ComparePanel({ rows, currentCode, original, modified, onChange, onClose, codeOf }: ComparePanelProps) {
  const id = useId();
  const [texts, setTexts] = useState<{ original: string; modified: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const text = (side: CompareSide) => (side === 'current' ? Promise.resolve(currentCode) : codeOf(side));
    setProblem(null);
    Promise.all([text(original), text(modified)]).then(
      ([a, b]) => live && setTexts({ original: a, modified: b }),
      () => live && setProblem('Could not load that submission’s code. Try again in a moment.'),
    );
    return () => {
      live = false;
    };
  }, [original, modified, currentCode, codeOf]);

  const options = [{ value: 'current', label: 'Your current code' }, ...rows.map((r) => ({ value: r.id, label: sideLabel(r.id, rows) }))];
  const originalLabel = sideLabel(original, rows);
  const modifiedLabel = sideLabel(modified, rows);
  return (
    <section className="compare card" aria-labelledby={`${id}-title`} data-testid="compare-panel">
      <div className="result__head">
        <h2 id={`${id}-title`}>Compare versions</h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="compare__pickers">
        <label>
          <span>Before</span>
          <select value={original} onChange={(e) => onChange(e.target.value, modified)} data-testid="compare-original">
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>After</span>
          <select value={modified} onChange={(e) => onChange(original, e.target.value)} data-testid="compare-modified">
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">
        Lines only in {originalLabel} are marked red, lines only in {modifiedLabel} green.
      </p>
      {problem ? (
        <p className="alert alert--warning">{problem}</p>
      ) : texts ? (
        texts.original === texts.modified ? (
          <p className="muted" data-testid="compare-same">
            The two versions are identical.
          </p>
        ) : (
          <CodeDiff original={texts.original} modified={texts.modified} originalLabel={originalLabel} modifiedLabel={modifiedLabel} />
        )
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
