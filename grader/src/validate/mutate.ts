// Mutants of a reference solution, generated from its TypeScript AST (docs/check-library.md,
// "Mutation testing"). Pure source-to-source: no tfjs, no grading. mutation.ts grades them.
//
// Each operator makes one small change that a learner could plausibly make and that a sound check
// must notice: a tied weight split into a copy, a weight read through a detached copy, a size
// hard-coded to the one the public plan shows, a sum turned into a mean, a term dropped, an
// operator swapped, a constant perturbed. Sites are found with the type checker (which expressions
// are tf.Variables, which are numbers), so the operators work on any solution, not on names.
import path from 'node:path';
import ts from 'typescript';

/** Operators, in the order they take turns when mutants are selected (mutation.ts). */
export const OPERATORS = [
  // Tying-specific: what a parameter-tying exercise exists to teach.
  'untie', //            one use of a tf.Variable reads a copy made once (a second, undeclared weight)
  'detach', //           one use of a tf.Variable reads a fresh detached copy (no gradient reaches it)
  'copy-variable', //    one use reads a new tf.variable copy, made at every call (undeclared, untied)
  'fixed-size', //       a size or hyper-parameter read from an argument, replaced by its public-plan value
  // Structure of the computation.
  'sum-mean', //         tf.sum <-> tf.mean (functions and methods)
  'drop-right', //       tf.add(a, b) / sub / mul / div -> a (a term or factor dropped)
  'drop-left', //        tf.add(a, b) / sub / mul / div -> b
  'stop-gradient', //    an intermediate tensor replaced by a detached copy of its values
  'drop-call', //        transpose, reverse, an activation, neg… applied to a -> a
  'padding', //          'same' <-> 'valid'
  // Generic.
  'swap-op', //          tf.add <-> tf.sub, tf.mul <-> tf.div (and methods); + <-> -, * <-> / on numbers
  'flip-bool', //        true <-> false; !x -> x
  'boundary', //         < <-> <=, > <-> >=
  'const-x2', //         a numeric literal doubled
  'const-plus1', //      a numeric literal plus one
  'const-zero', //       a numeric literal replaced by 0
  'drop-tidy', //        tf.tidy(f) -> f() (tensors leak)
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Operators that change how a tied weight is used or which sizes the code follows. */
export const TYING_OPERATORS: ReadonlySet<Operator> = new Set(['untie', 'detach', 'copy-variable', 'fixed-size']);

export interface Mutant {
  /** `<operator>@<line>:<column> <excerpt>`: stable while the solution does not change. */
  id: string;
  operator: Operator;
  /** 1-based position of the changed expression in the original source. */
  line: number;
  column: number;
  /** The original expression, whitespace collapsed and cut. */
  excerpt: string;
  /** What it became, for reports ("kernelSize -> 3"). */
  change: string;
  /** The whole mutated file. */
  source: string;
}

export interface SizeSite {
  index: number;
  start: number;
  end: number;
  text: string;
}

/** A solution parsed and type-checked once; mutants and size sites come from it. */
export interface Analysis {
  fileName: string;
  source: string;
  /** Type errors of the original: must be none, or every mutant would be discarded. */
  diagnostics: string[];
  /** Number-typed reads of arguments and shapes, in source order (see `fixed-size`). */
  sizeSites: SizeSite[];
  /** Every candidate mutant, in source order per operator (not yet type-checked). */
  candidates(sizeValues?: ReadonlyMap<number, number>): Mutant[];
}

// ---------------------------------------------------------------------------------------------
// Compiler host: the lib and tfjs declaration files are parsed once per process and shared by every
// program; only the solution and its mutants are virtual files.

const libCache = new Map<string, ts.SourceFile>();

function compilerOptionsFor(fileName: string): ts.CompilerOptions {
  const configPath = ts.findConfigFile(path.dirname(fileName), ts.sys.fileExists, 'tsconfig.json');
  let options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
  if (configPath) {
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (parsed) options = parsed.options;
  }
  // Type correctness only: the solutions need no ambient node or jest types (faster), and an unused
  // local left behind by a dropped term is a lint matter, not a compile error.
  return { ...options, types: [], noUnusedLocals: false, noUnusedParameters: false, noEmit: true };
}

function makeHost(options: ts.CompilerOptions, virtual: Map<string, string>): ts.CompilerHost {
  const base = ts.createCompilerHost(options, true);
  return {
    ...base,
    fileExists: (f) => virtual.has(path.resolve(f)) || base.fileExists(f),
    readFile: (f) => virtual.get(path.resolve(f)) ?? base.readFile(f),
    getSourceFile(name, languageVersion, onError) {
      const text = virtual.get(path.resolve(name));
      if (text !== undefined) return ts.createSourceFile(name, text, languageVersion, true);
      const key = `${name}\0${typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion}`;
      let sf = libCache.get(key);
      if (!sf) {
        sf = base.getSourceFile(name, languageVersion, onError);
        if (sf) libCache.set(key, sf);
      }
      return sf;
    },
  };
}

function formatDiagnostic(d: ts.Diagnostic): string {
  const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0] ?? '';
  if (!d.file || d.start === undefined) return msg;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${path.basename(d.file.fileName)}:${line + 1}:${character + 1} ${msg}`;
}

/**
 * Type-checks many variants of one file in a single program (one checker resolves the tfjs types
 * once): each variant is a virtual file beside the original, so its relative imports resolve the
 * same. Returns the first error of each variant, or null when it type-checks.
 */
export function typeCheckVariants(fileName: string, sources: string[]): (string | null)[] {
  const options = compilerOptionsFor(fileName);
  const dir = path.dirname(path.resolve(fileName));
  const names = sources.map((_, i) => path.join(dir, `__mutant_${i}__.ts`));
  const virtual = new Map(names.map((n, i) => [n, sources[i]!] as const));
  const program = ts.createProgram({ rootNames: names, options, host: makeHost(options, virtual) });
  return names.map((n) => {
    const sf = program.getSourceFile(n);
    if (!sf) return 'not compiled';
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    return diags.length ? formatDiagnostic(diags[0]!) : null;
  });
}

// ---------------------------------------------------------------------------------------------
// Site classification.

const TF_BINARY_SWAP: Record<string, string> = { add: 'sub', sub: 'add', mul: 'div', div: 'mul' };
const TF_DROPPABLE_BINARY = new Set(['add', 'sub', 'mul', 'div']);
const TF_SUM_MEAN: Record<string, string> = { sum: 'mean', mean: 'sum' };
/** Calls whose first argument has the result's shape, or a transpose of it: dropping one is a mistake a check must see. */
const TF_DROPPABLE_UNARY = new Set(['transpose', 'reverse', 'tanh', 'relu', 'sigmoid', 'softmax', 'neg', 'square', 'sqrt', 'exp', 'log', 'abs']);
/** Reads of a variable that use only its shape or identity: a copy there changes nothing observable. */
const SHAPE_ONLY_CALLS = new Set(['zerosLike', 'onesLike']);
const NON_VALUE_MEMBERS = new Set(['assign', 'dispose', 'shape', 'dtype', 'rank', 'size', 'name', 'trainable', 'id', 'isDisposed', 'dataId', 'kept', 'rankType', 'strides']);

const HELPERS: Record<'untie' | 'detach' | 'copy-variable', (tf: string) => string> = {
  detach: (tf) =>
    `function __tyinglabDetach<T extends ${tf}.Tensor>(t: T | undefined): T {\n  const x = t as T;\n  return ${tf}.tensor(x.dataSync(), x.shape, x.dtype) as unknown as T;\n}`,
  'copy-variable': (tf) => `function __tyinglabCopyVariable<T extends ${tf}.Tensor>(t: T | undefined): T {\n  return ${tf}.variable((t as T).clone()) as unknown as T;\n}`,
  untie: (tf) =>
    `const __tyinglabCopies = new WeakMap<${tf}.Tensor, ${tf}.Variable>();\nfunction __tyinglabUntie<T extends ${tf}.Tensor>(t: T | undefined): T {\n  const x = t as T;\n  let copy = __tyinglabCopies.get(x);\n  if (!copy) {\n    copy = ${tf}.variable(x.clone());\n    __tyinglabCopies.set(x, copy);\n  }\n  return copy as unknown as T;\n}`,
};
const HELPER_NAME = { detach: '__tyinglabDetach', 'copy-variable': '__tyinglabCopyVariable', untie: '__tyinglabUntie' } as const;

function collapse(text: string, max = 32): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function unwrapParens(n: ts.Node): ts.Node {
  let p = n.parent;
  while (p && ts.isParenthesizedExpression(p)) p = p.parent;
  return p;
}

/** `tf.<name>(…)` where `tf` is the file's tfjs namespace import, or `<expr>.<name>(…)` (method). */
function callName(call: ts.CallExpression, tfName: string | null): { name: string; kind: 'tf' | 'method'; nameNode: ts.Identifier; receiver?: ts.Expression } | null {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return null;
  if (tfName && ts.isIdentifier(callee.expression) && callee.expression.text === tfName) return { name: callee.name.text, kind: 'tf', nameNode: callee.name };
  return { name: callee.name.text, kind: 'method', nameNode: callee.name, receiver: callee.expression };
}

function isWritePosition(n: ts.Node): boolean {
  const p = unwrapParens(n);
  if (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  return false;
}

function isInTypePosition(n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
    if (ts.isTypeNode(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p)) return true;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) return true;
    if (ts.isStatement(p) || ts.isExpressionStatement(p)) return false;
  }
  return false;
}

/** Is this identifier a reference (a read), not a declaration's name or a property's name? */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isShorthandPropertyAssignment(p)) return false; // `{ kernel }`: mutating it would rename the key
  if (ts.isImportSpecifier(p) || ts.isNamespaceImport(p) || ts.isImportClause(p)) return false;
  return !isInTypePosition(id);
}

export function analyzeSolution(source: string, fileName: string): Analysis {
  const file = path.resolve(fileName);
  const options = compilerOptionsFor(file);
  const virtual = new Map([[file, source]]);
  const program = ts.createProgram({ rootNames: [file], options, host: makeHost(options, virtual) });
  const sf = program.getSourceFile(file)!;
  const checker = program.getTypeChecker();
  const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map(formatDiagnostic);

  // The tfjs namespace import (`import * as tf from '@tensorflow/tfjs'`).
  let tfName: string | null = null;
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text === '@tensorflow/tfjs') {
      const nb = st.importClause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) tfName = nb.name.text;
    }
  }

  // By the declared class of the (non-nullable) type: Tensor2D is an alias of Tensor, so names
  // are read from the type's symbol, not from how it is printed.
  const classOf = (n: ts.Node): string | undefined => checker.getNonNullableType(checker.getTypeAtLocation(n)).getSymbol()?.getName();
  const isVariableType = (n: ts.Node): boolean => classOf(n) === 'Variable';
  const isTensorType = (n: ts.Node): boolean => classOf(n) === 'Tensor' || classOf(n) === 'Variable';
  const isNumberType = (n: ts.Node): boolean => {
    const t = checker.getTypeAtLocation(n);
    return (t.flags & ts.TypeFlags.NumberLike) !== 0;
  };

  // --- Variable uses: the sites of untie / detach / copy-variable.
  const variableUses: ts.Expression[] = [];
  const isVariableUseCandidate = (n: ts.Node): n is ts.Expression =>
    (ts.isIdentifier(n) && isReference(n)) || ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isNonNullExpression(n);
  const considerVariableUse = (n: ts.Expression): void => {
    if (!isVariableType(n) || isWritePosition(n)) return;
    // Only the outermost expression of Variable type (`ws.wK!`, not `ws.wK` inside it).
    const p = n.parent;
    if ((ts.isNonNullExpression(p) || ts.isParenthesizedExpression(p)) && isVariableType(p)) return;
    // Used as a value: an argument, or the receiver of a tensor method that reads its values.
    let up: ts.Node = n;
    while (ts.isAsExpression(up.parent) || ts.isParenthesizedExpression(up.parent) || ts.isNonNullExpression(up.parent)) up = up.parent;
    const q = up.parent;
    if (ts.isCallExpression(q) && q.arguments.includes(up as ts.Expression)) {
      const c = callName(q, tfName);
      if (c && c.kind === 'tf' && SHAPE_ONLY_CALLS.has(c.name)) return;
      if (c && c.name === 'variable') return;
      variableUses.push(n);
      return;
    }
    if (ts.isPropertyAccessExpression(q) && q.expression === up && ts.isCallExpression(q.parent) && q.parent.expression === q && !NON_VALUE_MEMBERS.has(q.name.text)) {
      variableUses.push(n);
      return;
    }
    if ((ts.isBinaryExpression(q) && q.operatorToken.kind === ts.SyntaxKind.EqualsToken && q.right === up) || (ts.isArrayLiteralExpression(q) && q.elements.includes(up as ts.Expression))) {
      variableUses.push(n); // `let h = W` / `[W, …]`: the copy flows on from there
    }
  };

  // --- Size reads: number-typed reads of a parameter, of a shape, of a length.
  const sizeSites: SizeSite[] = [];
  const declIsSizeSource = (decl: ts.Declaration | undefined): boolean => {
    if (!decl) return false;
    if (ts.isParameter(decl)) return true;
    if (ts.isBindingElement(decl)) {
      let p: ts.Node = decl.parent;
      while (ts.isObjectBindingPattern(p) || ts.isArrayBindingPattern(p) || ts.isBindingElement(p)) p = p.parent;
      if (ts.isParameter(p)) return true;
      if (ts.isVariableDeclaration(p) && p.initializer && isConstDeclaration(p)) {
        const init = p.initializer;
        return (ts.isPropertyAccessExpression(init) && init.name.text === 'shape') || isSizeExpression(init);
      }
      return false;
    }
    if (ts.isVariableDeclaration(decl) && decl.initializer && isConstDeclaration(decl)) return isSizeExpression(decl.initializer);
    return false;
  };
  const rootIdentifier = (e: ts.Expression): ts.Identifier | null => {
    let x: ts.Expression = e;
    while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
    return ts.isIdentifier(x) ? x : null;
  };
  function isSizeExpression(e: ts.Expression): boolean {
    if (ts.isPropertyAccessExpression(e) && e.name.text === 'length') return true;
    if (ts.isElementAccessExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'shape') return true;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const root = rootIdentifier(e);
      const sym = root && checker.getSymbolAtLocation(root);
      return !!sym && declIsSizeSource(sym.valueDeclaration);
    }
    return false;
  }
  function isConstDeclaration(d: ts.VariableDeclaration): boolean {
    return ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0;
  }
  const considerSizeRead = (n: ts.Expression): void => {
    if (!isNumberType(n) || isWritePosition(n) || isInTypePosition(n)) return;
    if (ts.isIdentifier(n)) {
      if (!isReference(n)) return;
      const sym = checker.getSymbolAtLocation(n);
      if (!sym || !declIsSizeSource(sym.valueDeclaration)) return;
    } else {
      if (!isSizeExpression(n)) return;
      // `const T = x.shape[1]`: T's uses are the sites, not its initializer.
      const p = unwrapParens(n);
      if (ts.isVariableDeclaration(p) && p.initializer === n) return;
    }
    if (sizeSites.some((s) => n.getStart(sf) >= s.start && n.getEnd() <= s.end)) return;
    if (inInitOnly(n) && !inShapeLiteral(n)) return;
    sizeSites.push({ index: sizeSites.length, start: n.getStart(sf), end: n.getEnd(), text: n.getText(sf) });
  };

  // Initial values are free (every statement says "random initial values"): mutating how a weight
  // is initialised changes nothing a check may insist on. Init-only code is the arguments of
  // tf.variable(…) and the initialisers of constants used only there (`const fanIn = k * k * c`).
  // Only its shapes (array literals) stay mutable, by `fixed-size`.
  const initOnly: [number, number][] = [];
  const inInitOnly = (n: ts.Node): boolean => initOnly.some(([a, b]) => n.getStart(sf) >= a && n.getEnd() <= b);
  const constDecls: { decl: ts.VariableDeclaration; sym: ts.Symbol }[] = [];
  const refs = new Map<ts.Symbol, ts.Identifier[]>();
  const collect = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const c = callName(n, tfName);
      if (c?.kind === 'tf' && c.name === 'variable' && n.arguments.length) initOnly.push([n.arguments[0]!.getStart(sf), n.arguments[n.arguments.length - 1]!.getEnd()]);
    }
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && isConstDeclaration(n)) {
      const sym = checker.getSymbolAtLocation(n.name);
      if (sym) constDecls.push({ decl: n, sym });
    }
    if (ts.isIdentifier(n) && isReference(n)) {
      const sym = checker.getSymbolAtLocation(n);
      if (sym) refs.set(sym, [...(refs.get(sym) ?? []), n]);
    }
    ts.forEachChild(n, collect);
  };
  collect(sf);
  for (let changed = true; changed; ) {
    changed = false;
    for (const { decl, sym } of constDecls) {
      const init = decl.initializer!;
      if (inInitOnly(init)) continue;
      const uses = refs.get(sym) ?? [];
      if (uses.length && uses.every(inInitOnly)) {
        initOnly.push([init.getStart(sf), init.getEnd()]);
        changed = true;
      }
    }
  }
  const inShapeLiteral = (n: ts.Node): boolean => {
    for (let p: ts.Node = n.parent; p && !ts.isCallExpression(p); p = p.parent) if (ts.isArrayLiteralExpression(p)) return true;
    return false;
  };

  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return;
    if (isVariableUseCandidate(n)) considerVariableUse(n);
    if (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) considerSizeRead(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);

  function candidates(sizeValues?: ReadonlyMap<number, number>): Mutant[] {
    const out: Mutant[] = [];
    const seenIds = new Map<string, number>();
    const make = (op: Operator, node: ts.Node, start: number, end: number, replacement: string, change: string, helper?: keyof typeof HELPERS): void => {
      let text = source.slice(0, start) + replacement + source.slice(end);
      if (text === source) return;
      if (helper) {
        const tf = tfName ?? '__tyinglabTf';
        text += `\n// Added by mutation testing (grader validate).\n${tfName ? '' : `import * as ${tf} from '@tensorflow/tfjs';\n`}${HELPERS[helper](tf)}\n`;
      }
      const at = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      const excerpt = collapse(node.getText(sf));
      let id = `${op}@${at.line + 1}:${at.character + 1} ${excerpt}`;
      const k = (seenIds.get(id) ?? 0) + 1;
      seenIds.set(id, k);
      if (k > 1) id += ` #${k}`;
      out.push({ id, operator: op, line: at.line + 1, column: at.character + 1, excerpt, change, source: text });
    };
    const replaceNode = (op: Operator, node: ts.Node, replacement: string, change?: string, helper?: keyof typeof HELPERS): void =>
      make(op, node, node.getStart(sf), node.getEnd(), replacement, change ?? `${collapse(node.getText(sf), 60)} -> ${collapse(replacement, 60)}`, helper);

    // Tying operators.
    for (const use of variableUses) {
      const t = use.getText(sf);
      for (const op of ['untie', 'detach', 'copy-variable'] as const) replaceNode(op, use, `${HELPER_NAME[op]}(${t})`, `${collapse(t)} -> ${op === 'untie' ? 'a copy made once' : op === 'detach' ? 'a detached copy' : 'a new tf.variable copy'}`, op);
    }
    for (const s of sizeSites) {
      const v = sizeValues?.get(s.index);
      if (v === undefined || !Number.isFinite(v)) continue;
      const lit = v < 0 || Object.is(v, -0) ? `(${v})` : String(v);
      const node = findNode(sf, s.start, s.end);
      if (node) replaceNode('fixed-size', node, lit, `${collapse(s.text)} -> ${lit} (its value in the public plan)`);
    }

    const walk = (n: ts.Node): void => {
      if (ts.isImportDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return;
      if (initOnly.some(([a, b]) => n.getStart(sf) >= a && n.getEnd() <= b)) return;
      if (ts.isCallExpression(n)) {
        const c = callName(n, tfName);
        if (c) {
          const args = n.arguments;
          if (TF_SUM_MEAN[c.name] && (c.kind === 'tf' || (c.receiver && isTensorType(c.receiver)))) {
            make('sum-mean', n, c.nameNode.getStart(sf), c.nameNode.getEnd(), TF_SUM_MEAN[c.name]!, `${c.name} -> ${TF_SUM_MEAN[c.name]}`);
          }
          if (TF_DROPPABLE_BINARY.has(c.name)) {
            if (c.kind === 'tf' && args.length === 2) {
              replaceNode('drop-right', n, `(${args[0]!.getText(sf)})`, `${collapse(n.getText(sf))} -> ${collapse(args[0]!.getText(sf))}`);
              replaceNode('drop-left', n, `(${args[1]!.getText(sf)})`, `${collapse(n.getText(sf))} -> ${collapse(args[1]!.getText(sf))}`);
            } else if (c.kind === 'method' && c.receiver && args.length === 1 && isTensorType(c.receiver)) {
              replaceNode('drop-right', n, `(${c.receiver.getText(sf)})`, `${collapse(n.getText(sf))} -> ${collapse(c.receiver.getText(sf))}`);
            }
          }
          if (TF_BINARY_SWAP[c.name] && (c.kind === 'tf' || (c.receiver && isTensorType(c.receiver)))) {
            make('swap-op', n, c.nameNode.getStart(sf), c.nameNode.getEnd(), TF_BINARY_SWAP[c.name]!, `${c.name} -> ${TF_BINARY_SWAP[c.name]}`);
          }
          if (TF_DROPPABLE_UNARY.has(c.name)) {
            if (c.kind === 'tf' && args.length >= 1) replaceNode('drop-call', n, `(${args[0]!.getText(sf)})`, `${c.name} dropped`);
            else if (c.kind === 'method' && c.receiver && isTensorType(c.receiver)) replaceNode('drop-call', n, `(${c.receiver.getText(sf)})`, `${c.name} dropped`);
          }
          if (c.kind === 'tf' && c.name === 'tidy' && args.length === 1) replaceNode('drop-tidy', n, `(${args[0]!.getText(sf)})()`, 'tf.tidy dropped');
          // stop-gradient: an intermediate tensor that feeds another tensor operation.
          const p = unwrapParens(n);
          const feedsTensorOp =
            (ts.isCallExpression(p) && p.arguments.some((a) => a === n || (ts.isParenthesizedExpression(a) && a.expression === n)) && !!callName(p, tfName) && callName(p, tfName)!.kind === 'tf' && callName(p, tfName)!.name !== 'tidy') ||
            (ts.isPropertyAccessExpression(p) && p.expression === n && ts.isCallExpression(p.parent) && !NON_VALUE_MEMBERS.has(p.name.text));
          if (feedsTensorOp && isTensorType(n) && !isVariableType(n) && c.name !== 'variable') {
            replaceNode('stop-gradient', n, `${HELPER_NAME.detach}(${n.getText(sf)})`, `${collapse(n.getText(sf))} -> a detached copy`, 'detach');
          }
        }
      }
      if (ts.isStringLiteral(n) && (n.text === 'same' || n.text === 'valid')) {
        const q = n.getText(sf)[0]!;
        const other = n.text === 'same' ? 'valid' : 'same';
        replaceNode('padding', n, `${q}${other}${q}`, `'${n.text}' -> '${other}'`);
      }
      if (ts.isBinaryExpression(n) && !isInTypePosition(n)) {
        const k = n.operatorToken.kind;
        const swap: Partial<Record<ts.SyntaxKind, string>> = {
          [ts.SyntaxKind.PlusToken]: '-',
          [ts.SyntaxKind.MinusToken]: '+',
          [ts.SyntaxKind.AsteriskToken]: '/',
          [ts.SyntaxKind.SlashToken]: '*',
        };
        const boundary: Partial<Record<ts.SyntaxKind, string>> = {
          [ts.SyntaxKind.LessThanToken]: '<=',
          [ts.SyntaxKind.LessThanEqualsToken]: '<',
          [ts.SyntaxKind.GreaterThanToken]: '>=',
          [ts.SyntaxKind.GreaterThanEqualsToken]: '>',
        };
        const tok = n.operatorToken;
        if (swap[k] && isNumberType(n.left) && isNumberType(n.right)) make('swap-op', n, tok.getStart(sf), tok.getEnd(), swap[k]!, `${tok.getText(sf)} -> ${swap[k]}`);
        if (boundary[k]) make('boundary', n, tok.getStart(sf), tok.getEnd(), boundary[k]!, `${tok.getText(sf)} -> ${boundary[k]}`);
      }
      if (n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword) {
        if (!isInTypePosition(n)) replaceNode('flip-bool', n, n.kind === ts.SyntaxKind.TrueKeyword ? 'false' : 'true');
      }
      if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) replaceNode('flip-bool', n, `(${n.operand.getText(sf)})`, `! dropped`);
      if (ts.isNumericLiteral(n) && !isInTypePosition(n) && !(ts.isPropertyAssignment(n.parent) && n.parent.name === n)) {
        const v = Number(n.text);
        const neg = ts.isPrefixUnaryExpression(n.parent) && n.parent.operator === ts.SyntaxKind.MinusToken;
        const node = neg ? n.parent : n;
        const value = neg ? -v : v;
        const fmt = (x: number) => (x < 0 ? `(${x})` : String(x));
        if (value * 2 !== value) replaceNode('const-x2', node, fmt(value * 2));
        replaceNode('const-plus1', node, fmt(value + 1));
        if (value !== 0) replaceNode('const-zero', node, '0');
      }
      ts.forEachChild(n, walk);
    };
    walk(sf);
    return out;
  }

  return { fileName: file, source, diagnostics, sizeSites, candidates };
}

function findNode(sf: ts.SourceFile, start: number, end: number): ts.Node | null {
  let found: ts.Node | null = null;
  const visit = (n: ts.Node): void => {
    if (n.getStart(sf) === start && n.getEnd() === end) found = n;
    else if (n.getStart(sf) <= start && n.getEnd() >= end) ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/**
 * The solution with every size site wrapped in `__tyinglabSize(index, expr)`, which reports the
 * value it passes through: run on the public plan, it tells which value a hard-coding learner
 * would have seen at each site (the `fixed-size` operator). The recorder is imported from
 * `SIZE_RECORDER_MODULE`, which the caller provides.
 */
export const SIZE_RECORDER_MODULE = '@tyinglab/mutation-size-recorder';
export function instrumentSizeSites(source: string, sites: SizeSite[]): string {
  let out = source;
  for (const s of [...sites].sort((a, b) => b.start - a.start)) {
    out = `${out.slice(0, s.start)}__tyinglabSize(${s.index}, ${out.slice(s.start, s.end)})${out.slice(s.end)}`;
  }
  return `import { record as __tyinglabSize } from '${SIZE_RECORDER_MODULE}';\n${out}`;
}

/** Evenly spread order over n items (0, then the middle, then the quarters…): a capped selection covers the whole file. */
export function spreadOrder(n: number): number[] {
  const key = (i: number): number => {
    let r = 0;
    let f = 0.5;
    for (let x = i; x > 0; x >>= 1, f /= 2) if (x & 1) r += f;
    return r;
  };
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
}

export interface Selection {
  selected: Mutant[];
  /** Candidates that do not type-check (not graded, not counted). */
  discarded: { mutant: Mutant; error: string }[];
  /** How many candidates there were in all (before the cap). */
  candidates: number;
}

/**
 * Picks at most `max` mutants that type-check, deterministically: operators take turns in the
 * order of OPERATORS, the tying operators two picks per turn, the others one; each operator's
 * candidates are taken in spread order over the file. Candidates with the same mutated source as
 * an earlier one are skipped.
 */
export function selectMutants(analysis: Analysis, all: Mutant[], max: number): Selection {
  const byOp = new Map<Operator, Mutant[]>();
  for (const op of OPERATORS) {
    const list = all.filter((m) => m.operator === op);
    byOp.set(op, spreadOrder(list.length).map((i) => list[i]!));
  }
  const errors = typeCheckVariants(analysis.fileName, all.map((m) => m.source));
  const errorOf = new Map(all.map((m, i) => [m, errors[i]!] as const));
  const discarded = all.filter((m) => errorOf.get(m)).map((m) => ({ mutant: m, error: errorOf.get(m)! }));
  const selected: Mutant[] = [];
  const sources = new Set<string>();
  const cursor = new Map<Operator, number>(OPERATORS.map((op) => [op, 0]));
  let progress = true;
  while (selected.length < max && progress) {
    progress = false;
    for (const op of OPERATORS) {
      const list = byOp.get(op)!;
      for (let pick = 0; pick < (TYING_OPERATORS.has(op) ? 2 : 1) && selected.length < max; pick++) {
        let i = cursor.get(op)!;
        while (i < list.length && (errorOf.get(list[i]!) || sources.has(list[i]!.source))) i++;
        if (i < list.length) {
          selected.push(list[i]!);
          sources.add(list[i]!.source);
          progress = true;
          i++;
        }
        cursor.set(op, i);
      }
    }
  }
  return { selected, discarded, candidates: all.length };
}

/** The changed line, before and after, for reports. */
export function mutantDiff(original: string, m: Mutant): string {
  const before = original.split('\n')[m.line - 1] ?? '';
  const afterLines = m.source.split('\n');
  // The mutation starts on the same line; a replacement can span lines only if the original did.
  const after = afterLines[m.line - 1] ?? '';
  return `- ${before.trim()}\n+ ${after.trim()}`;
}
