import { attemptsText, formatDuration, latePenaltyText, timeLeftText } from './assignment-text';

const H = 3_600_000;

describe('assignment wording', () => {
  it('formats durations in the two largest units', () => {
    expect([30_000, 5 * 60_000, 2 * H + 5 * 60_000, 3 * H, 3 * 24 * H + 4 * H, 24 * H].map(formatDuration)).toEqual([
      'less than a minute',
      '5 minutes',
      '2 hours 5 minutes',
      '3 hours',
      '3 days 4 hours',
      '1 day',
    ]);
  });

  it('says where the learner stands in the window', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const w = { opensAt: '2026-12-02T12:00:00Z', dueAt: '2026-12-05T12:00:00Z', latePenaltyPerDay: 0.1, lateUntil: '2026-12-07T12:00:00Z' };
    expect(timeLeftText(w, now)).toBe('Opens in 1 day');
    expect(timeLeftText(w, now + 2 * 24 * H)).toBe('2 days left');
    expect(timeLeftText(w, now + 5 * 24 * H)).toBe('Past due: late work accepted for 1 day more');
    expect(timeLeftText({ ...w, latePenaltyPerDay: null }, now + 5 * 24 * H)).toBe('Closed');
    expect(timeLeftText({ ...w, opensAt: null, dueAt: null }, now)).toBe('No deadline');
  });

  it('words the late policy and the attempts', () => {
    expect(latePenaltyText(0.1)).toBe('−10 % of the score per started day late');
    expect(latePenaltyText(0.125)).toBe('−12.5 % of the score per started day late');
    expect([attemptsText(1, 3), attemptsText(3, 3), attemptsText(2, null), attemptsText(1, null)]).toEqual([
      '2 of 3 attempts left',
      '0 of 3 attempts left',
      '2 attempts used (no limit)',
      '1 attempt used (no limit)',
    ]);
  });
});
