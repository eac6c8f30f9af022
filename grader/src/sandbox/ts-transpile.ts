// TypeScript -> CommonJS with sucrase (pure JS: no child processes, so it works under a no-fork
// seccomp filter, and no node APIs, so it also runs in the browser's check worker), plus the
// environment-neutral half of module evaluation. ts-module.ts adds node's vm on top.
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

export type ModuleWrapper = (exports: unknown, require: (id: string) => unknown, module: { exports: unknown }) => void;

/**
 * Runs a compiled CommonJS wrapper with a `require` that only knows `modules`. Not a security
 * boundary (the sandbox process is); it keeps learner code to the documented imports and gives
 * clear errors.
 */
export function runModuleWrapper(wrapper: ModuleWrapper, filename: string, modules: Record<string, unknown>): Record<string, unknown> {
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
  try {
    // Realm-independent: an Error from another context (a vm module, a worker) is not
    // `instanceof Error` here. Hostile values (fake errors, throwing getters) end in the catch.
    if (Object.prototype.toString.call(e) === '[object Error]') {
      const err = e as Error;
      text = `${String(err.name)}: ${String(err.message).split('\n')[0] ?? ''}`;
      const stack = typeof err.stack === 'string' ? err.stack : '';
      if (filename && stack) {
        const loc = stack.split('\n').find((l) => l.includes(filename));
        const m = loc?.match(new RegExp(`${filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)(?::(\\d+))?`));
        if (m) text += ` (${filename} line ${m[1]})`;
      }
    } else {
      text = `thrown value: ${String(e)}`;
    }
  } catch {
    text = 'thrown value that cannot be described';
  }
  return text.length > maxLen ? `${text.slice(0, maxLen - 1)}…` : text;
}
