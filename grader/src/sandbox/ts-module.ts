// Turns TypeScript source into a module object: sucrase (pure JS, no child processes, so it works
// under a no-fork seccomp filter) + evaluation with a restricted `require`.
import vm from 'node:vm';
import { transform } from 'sucrase';

export class CompileError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'CompileError';
  }
}

export class ModuleLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModuleLoadError';
  }
}

/** TypeScript -> CommonJS. Line numbers are preserved. Throws CompileError with line/column. */
export function transpileTs(source: string, filename: string): string {
  try {
    return transform(source, { transforms: ['typescript', 'imports'], filePath: filename }).code;
  } catch (e) {
    const err = e as Error & { loc?: { line: number; column: number } };
    const raw = err.message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)$/, '');
    if (err.loc) throw new CompileError(`${filename}:${err.loc.line}:${err.loc.column + 1} - ${raw}`, err.loc.line, err.loc.column + 1);
    throw new CompileError(`${filename}: ${raw}`);
  }
}

/**
 * Runs CommonJS code with a `require` that only knows `modules`. Not a security boundary (the
 * process is); it keeps learner code to the documented imports and gives clear errors.
 */
export function evaluateModule(js: string, filename: string, modules: Record<string, unknown>): Record<string, unknown> {
  const wrapper = vm.runInThisContext(`(function (exports, require, module) {${js}\n})`, { filename }) as (
    exports: unknown,
    require: (id: string) => unknown,
    module: { exports: unknown },
  ) => void;
  const mod = { exports: {} as Record<string, unknown> };
  const allowed = Object.keys(modules);
  const req = (id: string): unknown => {
    if (Object.prototype.hasOwnProperty.call(modules, id)) return modules[id];
    throw new ModuleLoadError(`Cannot import "${id}" in ${filename}: only ${allowed.map((a) => `"${a}"`).join(', ')} can be imported`);
  };
  wrapper.call(mod.exports, mod.exports, req, mod);
  return mod.exports as Record<string, unknown>;
}

/** First line of an error plus the learner-file location from its stack, capped in length. */
export function describeError(e: unknown, filename?: string, maxLen = 400): string {
  let text: string;
  if (e instanceof Error) {
    text = `${e.name}: ${e.message.split('\n')[0] ?? ''}`;
    if (filename && e.stack) {
      const loc = e.stack.split('\n').find((l) => l.includes(filename));
      const m = loc?.match(new RegExp(`${filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)(?::(\\d+))?`));
      if (m) text += ` (${filename} line ${m[1]})`;
    }
  } else {
    text = `thrown value: ${String(e)}`;
  }
  return text.length > maxLen ? `${text.slice(0, maxLen - 1)}…` : text;
}
