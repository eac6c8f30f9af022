// Turns TypeScript source into a module object in node: sucrase (ts-transpile.ts) + evaluation in
// this V8 context with a restricted `require`.
import vm from 'node:vm';
import { runModuleWrapper, type ModuleWrapper } from './ts-transpile';

export { CompileError, ModuleLoadError, describeError, errorLocation, transpileTs } from './ts-transpile';

/** Runs CommonJS code with a `require` that only knows `modules` (see runModuleWrapper). */
export function evaluateModule(js: string, filename: string, modules: Record<string, unknown>): Record<string, unknown> {
  const wrapper = vm.runInThisContext(`(function (exports, require, module) {${js}\n})`, { filename }) as ModuleWrapper;
  return runModuleWrapper(wrapper, filename, modules);
}
