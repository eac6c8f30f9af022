// How the in-browser check worker turns the learner's compiled module into a module object.
//
// Line numbers in error messages must be the learner's own, as the grader reports them. The grader
// evaluates `(function (exports, require, module) {<code>\n})` with node's vm (sandbox/ts-module.ts),
// so line 1 of the code is line 1 of the script. `new Function(params, body)` would not do: V8 builds
// its source as `function anonymous(exports,require,module\n) {\n<body>\n}`, two lines above the
// learner's first, and every line in a message came out 2 too high. An indirect eval of the same
// wrapper the grader uses keeps them equal; `//# sourceURL` names the learner's file in stack traces.
// (The worker's own policy allows eval: next.config.ts, CHECK_WORKER_CSP.)
import { runModuleWrapper, type ModuleWrapper } from '../sandbox/ts-transpile';
import type { ModuleEvaluator } from './visible-runner';

/** The script the worker evaluates for one compiled module: the grader's wrapper, on the code's own first line. */
export function workerModuleSource(js: string, filename: string): string {
  return `(function (exports, require, module) {${js}\n})\n//# sourceURL=${filename}`;
}

export const evaluateInWorker: ModuleEvaluator = (js, filename, modules) => {
  // Indirect eval: global scope, like new Function (the learner's code sees no worker internals).
  const globalEval = eval;
  const wrapper = globalEval(workerModuleSource(js, filename)) as ModuleWrapper;
  return runModuleWrapper(wrapper, filename, modules);
};
