import { csvCell, gradebookCsv, percentCell } from './gradebook-csv';

describe('gradebook CSV', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['Ada, Countess', '"Ada, Countess"'],
    ['plain', 'plain'],
    ['Zoë', 'Zoë'],
  ])('neutralises and quotes %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes percentages, blanks for nothing counted', () => {
    expect([percentCell(null), percentCell(0), percentCell(1), percentCell(0.756789)]).toEqual(['', '0', '100', '75.68']);
  });

  it('one row per student, one column per assignment', () => {
    const csv = gradebookCsv({
      columns: [
        { assignmentId: 'a1', exerciseSlug: 'tied-conv2d', exerciseTitle: 'Tied conv' },
        { assignmentId: 'a2', exerciseSlug: 'siamese', exerciseTitle: 'Siamese, twins' },
      ],
      rows: [
        { displayName: '=cmd', email: 'a@x.test', scores: { a1: { score: 0.5 }, a2: { score: null } } },
        { displayName: 'Bob', email: 'b@x.test', scores: { a1: { score: 1 }, a2: { score: 0.25 } } },
      ],
    });
    expect(csv).toBe(
      '\uFEFFName,Email,Tied conv (tied-conv2d) %,"Siamese, twins (siamese) %"\r\n' + "'=cmd,a@x.test,50,\r\n" + 'Bob,b@x.test,100,25\r\n',
    );
  });
});
