import { attemptsLabel, formatDateTime, formatPercent, progressText, formatPointsOf, notGradableHeadline, pointsLabel, queueText, STATUS_LABELS } from './format';

describe('formatPercent', () => {
  it.each([
    [1, '100%'],
    [0, '0%'],
    [0.5, '50%'],
    [0.996, '99%'],
    [0.004, '1%'],
    [1.2, '100%'],
    [null, '—'],
    [Number.NaN, '—'],
  ])('%p -> %s', (score, text) => {
    expect(formatPercent(score)).toBe(text);
  });
});

describe('learner-facing wording', () => {
  it('formats points', () => {
    expect(formatPointsOf(2, 2)).toBe('2 / 2');
    expect(formatPointsOf(0.3333333, 1)).toBe('0.33 / 1');
  });

  it('describes the queue', () => {
    expect([queueText(null), queueText(1), queueText(4)]).toMatchInlineSnapshot(`
[
  "Waiting for a grader…",
  "You are next in the queue.",
  "Position 4 in the queue.",
]
`);
  });

  it('explains why code was not gradable', () => {
    expect(notGradableHeadline('TIME_LIMIT')).toMatchInlineSnapshot(`"Your code ran past the time limit."`);
    expect(notGradableHeadline('SOMETHING_NEW')).toBe('Your code could not be graded.');
    expect(notGradableHeadline(null)).toBe('Your code could not be graded.');
  });

  it('labels every status', () => {
    expect(STATUS_LABELS).toMatchInlineSnapshot(`
{
  "GRADED": "Graded",
  "INTERNAL_ERROR": "Grader error (our fault)",
  "NOT_GRADABLE": "Could not be graded",
  "QUEUED": "Waiting in the queue",
  "RUNNING": "Running…",
}
`);
  });
});

describe('formatDateTime', () => {
  it('formats in a fixed zone when asked (server render) and passes bad input through', () => {
    expect(formatDateTime('2026-01-02T03:04:05.000Z', 'en-GB', 'UTC')).toBe('2 Jan 2026, 03:04');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('shows seconds when asked, so submissions a few seconds apart differ', () => {
    expect(formatDateTime('2026-01-02T03:04:05.000Z', 'en-GB', 'UTC', true)).toBe('2 Jan 2026, 03:04:05');
    expect(formatDateTime('2026-01-02T03:04:09.000Z', 'en-GB', 'UTC', true)).not.toBe(formatDateTime('2026-01-02T03:04:05.000Z', 'en-GB', 'UTC', true));
  });
});

describe('progressText', () => {
  it('says solved, the best score, or that nothing counted yet, with the attempts', () => {
    expect(progressText(null)).toBe('Not started');
    expect(progressText({ attempts: 2, bestScore: 1, solved: true })).toBe('Solved · 2 attempts');
    expect(progressText({ attempts: 1, bestScore: 0.4, solved: false })).toBe('Best 40% · 1 attempt');
    // A best score just under full marks never reads as 100%.
    expect(progressText({ attempts: 3, bestScore: 0.999, solved: false })).toBe('Best 99% · 3 attempts');
    expect(progressText({ attempts: 0, bestScore: null, solved: false })).toBe('No score yet · 0 attempts');
    expect(attemptsLabel(1)).toBe('1 attempt');
  });
});

describe('pointsLabel', () => {
  it('uses the singular for exactly one point', () => {
    expect([pointsLabel(1), pointsLabel(2), pointsLabel(0.5), pointsLabel(10)]).toEqual(['1 pt', '2 pts', '0.5 pts', '10 pts']);
  });
});
