'use client';
// The exercise's two columns. On a narrow screen (a phone) they cannot sit side by side and a long
// statement would push the editor far down, so a switch shows one at a time; on wider screens the
// switch is hidden (CSS) and both columns show.
import { useState, type ReactNode } from 'react';

export function ExerciseShell({ statement, workspace }: { statement: ReactNode; workspace: ReactNode }) {
  const [view, setView] = useState<'statement' | 'code'>('statement');
  return (
    <div className="exercise" data-view={view} data-testid="exercise">
      <div className="exercise-switch" role="group" aria-label="Show on screen">
        <button type="button" className="exercise-switch__button" aria-pressed={view === 'statement'} onClick={() => setView('statement')}>
          Statement
        </button>
        <button type="button" className="exercise-switch__button" aria-pressed={view === 'code'} onClick={() => setView('code')}>
          Code
        </button>
      </div>
      {statement}
      {workspace}
    </div>
  );
}
