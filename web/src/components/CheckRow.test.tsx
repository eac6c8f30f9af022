// A check row as the learner sees it, rendered from a real check-library outcome: labelled facts, the
// declared plot with its title, axis labels and legend, and the reference line dashed.
import type { CheckResult } from '@tyinglab/contract';
import { trainsLikeReference } from '@tyinglab/grader/checks';
import { renderToStaticMarkup } from 'react-dom/server';
import { CheckRow } from './ResultPanel';

const out = trainsLikeReference({ learnerLosses: [2, 2, 2], referenceLosses: [2, 1.5, 1.2], tolerance: { atol: 1e-4, rtol: 1e-3 }, optimizer: 'SGD (lr 0.1)' });
const check: CheckResult = {
  name: 'trains-like-reference',
  title: 'Trains like the reference (SGD)',
  points: 0,
  maxPoints: 2,
  passed: false,
  message: out.message,
  visibility: 'HIDDEN',
  facts: out.facts ?? [],
  plots: out.plots ?? [],
};

describe('CheckRow', () => {
  const html = renderToStaticMarkup(<CheckRow check={check} />);

  it('shows each fact under its human label', () => {
    expect(html).toContain('<dt>largest loss difference</dt><dd>0.8</dd>');
  });

  it('draws the declared plot with title, axis labels and a legend entry per series', () => {
    for (const text of ['Training loss, same initial weights and data', 'optimizer step', '>loss<', 'your loss', 'reference loss']) expect(html).toContain(text);
    const lines = [...html.matchAll(/<polyline [^>]*>/g)].map((m) => m[0]);
    expect(lines.map((l) => [/data-series="([^"]+)"/.exec(l)![1], l.includes('stroke-dasharray')])).toEqual([
      ['your loss', false],
      ['reference loss', true],
    ]);
  });

  it('shows nothing that was not declared', () => {
    // The outcome carries measurements for code (details); none of them reaches the page.
    expect(Object.keys(out.details ?? {})).toEqual(['maxLossAbsErr']);
    expect(html).not.toContain('maxLossAbsErr');
    const plain = { ...check, facts: [], plots: [] };
    expect(renderToStaticMarkup(<CheckRow check={plain} />)).not.toContain('check__details');
  });
});
