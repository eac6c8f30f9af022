'use client';
// The Monaco editor of an exercise page. Imported only through next/dynamic with ssr:false: Monaco
// needs a browser; monaco-loader.ts says where Monaco comes from.
import Editor, { type OnMount } from '@monaco-editor/react';
import { useRef } from 'react';
import type { EditorMarker } from '@/lib/type-warnings';
import './monaco-loader';

/** What the page may do to the editor besides typing into it. */
export interface EditorApi {
  /**
   * Replaces the whole text as one edit on Monaco's undo stack (executeEdits between undo stops,
   * never setValue, which would wipe the stack), so Ctrl/⌘+Z brings the previous text back.
   */
  replaceAll(text: string): void;
  /** The editor's current problems for this file (type errors among them). */
  markers(): EditorMarker[];
  focus(): void;
}

export interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** The editor is ready; the page keeps `api` to change its text undoably. */
  onReady?: (api: EditorApi) => void;
  /** Ctrl/Cmd+Enter inside the editor. */
  onSubmitShortcut?: () => void;
  /** Ctrl/Cmd+Shift+Enter inside the editor: run the visible checks in the browser. */
  onCheckShortcut?: () => void;
  ariaLabel: string;
}

// Until the tfjs declarations have loaded, "cannot find module '@tensorflow/tfjs'" is noise.
const UNRESOLVED_MODULE_DIAGNOSTICS = [2307, 2792, 7016];
/** Built by scripts/build-editor-types.mjs: tfjs's .d.ts files keyed by their virtual path. */
const TFJS_TYPES_URL = '/monaco/tfjs-types.json';

type TypeScriptDefaults = Parameters<OnMount>[1]['languages']['typescript']['typescriptDefaults'];
let tfjsTypes: Promise<Record<string, string>> | null = null;

/**
 * Gives Monaco's TypeScript service the tfjs declarations, once per page: completion, hover docs
 * and type errors for `tf.*`. If they cannot be fetched the editor still works, untyped.
 */
async function loadTfjsTypes(defaults: TypeScriptDefaults): Promise<void> {
  tfjsTypes ??= fetch(TFJS_TYPES_URL).then((r) => {
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return r.json() as Promise<Record<string, string>>;
  });
  try {
    const files = await tfjsTypes;
    defaults.setExtraLibs(Object.entries(files).map(([filePath, content]) => ({ filePath, content })));
    defaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  } catch {
    tfjsTypes = null; // try again on the next editor mount
  }
}

export default function CodeEditor({ value, onChange, onReady, onSubmitShortcut, onCheckShortcut, ariaLabel }: CodeEditorProps) {
  const submitRef = useRef(onSubmitShortcut);
  submitRef.current = onSubmitShortcut;
  const checkRef = useRef(onCheckShortcut);
  checkRef.current = onCheckShortcut;

  const handleMount: OnMount = (editor, monaco) => {
    const ts = monaco.languages.typescript;
    ts.typescriptDefaults.setCompilerOptions({
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      strict: true,
      allowNonTsExtensions: true,
      esModuleInterop: true,
    });
    ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false, diagnosticCodesToIgnore: UNRESOLVED_MODULE_DIAGNOSTICS });
    void loadTfjsTypes(ts.typescriptDefaults);
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => submitRef.current?.());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => checkRef.current?.());
    onReady?.({
      replaceAll(text) {
        const model = editor.getModel();
        if (!model || model.getValue() === text) return;
        editor.pushUndoStop();
        editor.executeEdits('replace-all', [{ range: model.getFullModelRange(), text, forceMoveMarkers: true }]);
        editor.pushUndoStop();
      },
      markers() {
        const model = editor.getModel();
        return model ? monaco.editor.getModelMarkers({ resource: model.uri }) : [];
      },
      focus: () => editor.focus(),
    });
  };

  return (
    <Editor
      height="100%"
      defaultLanguage="typescript"
      path="submission.ts"
      value={value}
      onChange={(v) => onChange(v ?? '')}
      onMount={handleMount}
      loading={<div className="editor-loading">Loading editor…</div>}
      options={{
        ariaLabel,
        minimap: { enabled: false },
        fontSize: 14,
        tabSize: 2,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        wordWrap: 'off',
        renderWhitespace: 'selection',
        fixedOverflowWidgets: true,
      }}
    />
  );
}
