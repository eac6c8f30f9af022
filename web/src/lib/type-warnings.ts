// Type errors the editor reported when the learner submitted. Grading strips types without checking
// them (docs/results.md), so a type error never changes the score; but it often points at the bug
// that does, so the result panel shows them as a warning beside the verdict.

/** What the editor's TypeScript service reports (a Monaco marker, the fields used here). */
export interface EditorMarker {
  severity: number;
  message: string;
  startLineNumber: number;
  startColumn: number;
}

export interface TypeWarning {
  line: number;
  column: number;
  message: string;
}

/** Markers of Monaco's MarkerSeverity.Error; warnings and hints are not worth a word at submit time. */
export const MARKER_SEVERITY_ERROR = 8;
const MAX_WARNINGS = 20;
const MAX_MESSAGE_CHARS = 300;

/** The errors among the markers, in line order, each message's first line bounded. */
export function typeWarningsFrom(markers: readonly EditorMarker[]): { warnings: TypeWarning[]; total: number } {
  const errors = markers
    .filter((m) => m.severity === MARKER_SEVERITY_ERROR)
    .sort((a, b) => a.startLineNumber - b.startLineNumber || a.startColumn - b.startColumn);
  const warnings = errors.slice(0, MAX_WARNINGS).map((m) => {
    const firstLine = String(m.message).split('\n')[0] ?? '';
    return {
      line: m.startLineNumber,
      column: m.startColumn,
      message: firstLine.length > MAX_MESSAGE_CHARS ? `${firstLine.slice(0, MAX_MESSAGE_CHARS - 1)}…` : firstLine,
    };
  });
  return { warnings, total: errors.length };
}

export function typeWarningHeadline(total: number): string {
  return `${total} type error${total === 1 ? '' : 's'} in the code you submitted`;
}
