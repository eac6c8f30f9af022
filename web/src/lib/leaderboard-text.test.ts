import { boardPoints, boardScoreText, hiddenBoardMessage, metricText, ordinal, rankForMeText } from './leaderboard-text';

describe('leaderboard wording', () => {
  it('writes ordinals, points and scores', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th', '112th']);
    expect([0.875, 2, 0.03, 0.1 + 0.2].map(boardPoints)).toEqual(['87.5', '200', '3', '30']);
    expect(boardScoreText(0.875, 1, false)).toBe('88%');
    expect(boardScoreText(2.455, 3, true)).toBe('245.5 of 300 pts');
    expect([2.3125e-7, 448, null].map(metricText)).toEqual(['2.31e-7', '448', '—']);
  });

  it('tells the viewer where they stand', () => {
    const me = { rank: 12, of: 84, top: 10, behindTop: 0.03, optedOut: false };
    expect(rankForMeText(me)).toBe('You are 12th of 84; 3 points from the top 10.');
    expect(rankForMeText({ ...me, behindTop: 0.01 })).toBe('You are 12th of 84; 1 point from the top 10.');
    expect(rankForMeText({ ...me, behindTop: 0 })).toBe('You are 12th of 84; level on points with 10th place, who got there first.');
    expect(rankForMeText({ ...me, rank: 3, behindTop: null })).toBe('You are 3rd of 84, in the top 10.');
    expect(rankForMeText({ ...me, rank: 2, of: 3, behindTop: null })).toBe('You are 2nd of 3.');
    expect(rankForMeText({ ...me, rank: 2, of: 3, behindTop: null, optedOut: true })).toBe('You are 2nd of 3. Only you see your place: you left this leaderboard.');
    expect(rankForMeText({ ...me, rank: null, behindTop: null })).toBe('You are not on this leaderboard yet: a learner appears once something they submitted is graded.');
  });

  it('says who hid the board', () => {
    expect(hiddenBoardMessage('Tying 101')).toBe('The leaderboard of "Tying 101" is hidden by the instructor.');
  });
});
