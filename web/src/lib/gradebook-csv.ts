// The gradebook as CSV (RFC 4180, CRLF, UTF-8 with a BOM so spreadsheet programs read accents right).
// Cells a spreadsheet would run as a formula (= + - @, tab, CR) get a leading apostrophe: a display
// name like "=HYPERLINK(…)" must stay text on the instructor's machine.

export interface GradebookCsvInput {
  columns: { assignmentId: string; exerciseSlug: string; exerciseTitle: string }[];
  rows: { displayName: string; email: string; scores: Record<string, { score: number | null }> }[];
}

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A counted score in [0,1] as a percentage with at most two decimals; blank when nothing counted. */
export function percentCell(score: number | null): string {
  return score === null ? '' : String(Math.round(score * 10_000) / 100);
}

export function gradebookCsv(book: GradebookCsvInput): string {
  const header = ['Name', 'Email', ...book.columns.map((c) => `${c.exerciseTitle} (${c.exerciseSlug}) %`)];
  const lines = [header, ...book.rows.map((r) => [r.displayName, r.email, ...book.columns.map((c) => percentCell(r.scores[c.assignmentId]?.score ?? null))])];
  return '\uFEFF' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
