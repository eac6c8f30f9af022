'use client';
// Two versions of the learner's code side by side (one above the other on narrow screens), with
// Monaco's diff editor (monaco.editor.createDiffEditor): read-only, changed lines marked. Imported
// only through next/dynamic with ssr:false, like the editor.
import type { Monaco, MonacoDiffEditor } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import { loader } from './monaco-loader';

export interface CodeDiffProps {
  original: string;
  modified: string;
  /** Read by screen readers for each side. */
  originalLabel: string;
  modifiedLabel: string;
}

export default function CodeDiff({ original, modified, originalLabel, modifiedLabel }: CodeDiffProps) {
  const container = useRef<HTMLDivElement | null>(null);
  const diff = useRef<{ monaco: Monaco; editor: MonacoDiffEditor } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    const init = loader.init();
    init.then(
      (monaco) => {
        if (disposed || !container.current) return;
        const editor = monaco.editor.createDiffEditor(container.current, {
          readOnly: true,
          originalEditable: false,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          // Side by side down to a narrow column (Monaco's own default switches to one column below 900 px,
          // wider than the workspace column); one column with changes inline on a phone.
          renderSideBySide: true,
          useInlineViewWhenSpaceIsLimited: true,
          renderSideBySideInlineBreakpoint: 480,
          fontSize: 13,
          ariaLabel: `Difference between ${originalLabel} and ${modifiedLabel}`,
          originalAriaLabel: originalLabel,
          modifiedAriaLabel: modifiedLabel,
        });
        diff.current = { monaco, editor };
        setModels(original, modified);
      },
      (err: unknown) => {
        if ((err as { type?: string } | null)?.type !== 'cancelation') setFailed(true);
      },
    );
    return () => {
      disposed = true;
      const d = diff.current;
      diff.current = null;
      if (d) {
        const model = d.editor.getModel();
        d.editor.dispose();
        model?.original.dispose();
        model?.modified.dispose();
      } else {
        init.cancel();
      }
    };
    // The diff editor is made once; later texts go through setModels below.
  }, []);

  /** Plain text models: no TypeScript service on them, so they add no markers to the learner's file. */
  function setModels(a: string, b: string) {
    const d = diff.current;
    if (!d) return;
    const old = d.editor.getModel();
    d.editor.setModel({ original: d.monaco.editor.createModel(a, 'plaintext'), modified: d.monaco.editor.createModel(b, 'plaintext') });
    old?.original.dispose();
    old?.modified.dispose();
  }

  useEffect(() => {
    setModels(original, modified);
  }, [original, modified]);

  if (failed) return <p className="alert alert--warning">The comparison view could not be loaded. Reload the page to try again.</p>;
  return <div ref={container} className="diff-frame" data-testid="code-diff" />;
}
