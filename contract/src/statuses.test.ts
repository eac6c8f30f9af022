import {
  INTERNAL_ERROR_MESSAGES,
  INTERNAL_ERROR_REASONS,
  internalErrorMessage,
  isSubmissionStatus,
  isTerminalStatus,
  NOT_GRADABLE_HEADLINES,
  NOT_GRADABLE_REASONS,
  notGradableHeadline,
  reasonForStatus,
  SUBMISSION_STATUSES,
} from './index';

describe('submission statuses', () => {
  it('knows which statuses are final', () => {
    expect(SUBMISSION_STATUSES.filter(isTerminalStatus)).toEqual(['GRADED', 'NOT_GRADABLE', 'INTERNAL_ERROR']);
    expect(isTerminalStatus('graded')).toBe(false);
  });

  it('refuses unknown statuses', () => {
    expect(['QUEUED', 'DONE', '', null, 3].map(isSubmissionStatus)).toEqual([true, false, false, false, false]);
  });
});

describe('reasons', () => {
  it('keeps the two reason sets apart and reads back only a reason that belongs to the status', () => {
    expect(NOT_GRADABLE_REASONS.filter((r) => (INTERNAL_ERROR_REASONS as readonly string[]).includes(r))).toEqual([]);
    expect(reasonForStatus('NOT_GRADABLE', 'TIME_LIMIT')).toBe('TIME_LIMIT');
    expect(reasonForStatus('INTERNAL_ERROR', 'TIME_LIMIT')).toBeNull();
    expect(reasonForStatus('INTERNAL_ERROR', 'EXERCISE_VERSION_MISMATCH')).toBe('EXERCISE_VERSION_MISMATCH');
    expect(reasonForStatus('GRADED', 'COMPILE_ERROR')).toBeNull();
    // Never produced: an unusable answer fails the check that needed it instead.
    expect(reasonForStatus('NOT_GRADABLE', 'BAD_ANSWER')).toBeNull();
  });

  it('has learner wording for every reason, with a fallback for unknown ones', () => {
    expect(Object.keys(NOT_GRADABLE_HEADLINES).sort()).toEqual([...NOT_GRADABLE_REASONS].sort());
    expect(Object.keys(INTERNAL_ERROR_MESSAGES).sort()).toEqual([...INTERNAL_ERROR_REASONS].sort());
    expect(notGradableHeadline('MEMORY_LIMIT')).toBe('Your code used more memory than allowed.');
    expect(notGradableHeadline('toString')).toBe('Your code could not be graded.');
    expect(internalErrorMessage('constructor')).toBe(internalErrorMessage(null));
  });

  it('tells a learner whose exercise changed to reload and resubmit, not that the grader broke', () => {
    const text = internalErrorMessage('EXERCISE_VERSION_MISMATCH');
    expect(text).not.toBe(internalErrorMessage('GRADER_CRASH'));
    expect(text).toMatchInlineSnapshot(
      `"This exercise was updated after you submitted, so your code was not graded: it would have been checked against a version you never saw. The attempt does not count. Reload the page to see the current version, then submit again."`,
    );
  });
});
