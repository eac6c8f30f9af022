// The exercise page shows the title in its own header, so a statement that opens with the same
// title as a level-1 heading would repeat it. Only that exact repetition is removed.
export function withoutLeadingTitle(statement: string, title: string): string {
  const m = statement.match(/^\s*#\s+(.+?)\s*\n/);
  return m && m[1]!.trim() === title.trim() ? statement.slice(m[0].length) : statement;
}
