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

/** The learner-file line of an error's stack (first frame in `filename`), if any. */
function learnerLine(err: Error, filename: string | undefined): number | undefined {
  const stack = typeof err.stack === 'string' ? err.stack : '';
  if (!filename || !stack) return undefined;
  const loc = stack.split('\n').find((l) => l.includes(filename));
  const m = loc?.match(new RegExp(`${filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)(?::(\\d+))?`));
  return m ? Number(m[1]) : undefined;
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
      const line = learnerLine(err, filename);
      if (line !== undefined) text += ` (${filename} line ${line})`;
    } else {
      text = `thrown value: ${String(e)}`;
    }
  } catch {
    text = 'thrown value that cannot be described';
  }
  return text.length > maxLen ? `${text.slice(0, maxLen - 1)}…` : text;
}

/**
 * The error's class name and learner-file line: all the server shows of an error thrown while
 * probes ran on hidden inputs (learner-text.ts re-checks both; this runs in the sandbox).
 */
export function errorLocation(e: unknown, filename?: string): { errorClass: string; line?: number } {
  try {
    if (Object.prototype.toString.call(e) !== '[object Error]') return { errorClass: 'thrown value' };
    const err = e as Error;
    const name = err.name;
    const line = learnerLine(err, filename);
    return { errorClass: typeof name === 'string' ? name.slice(0, 100) : 'Error', ...(line !== undefined && Number.isSafeInteger(line) && line > 0 ? { line } : {}) };
  } catch {
    return { errorClass: 'thrown value' };
  }
}
