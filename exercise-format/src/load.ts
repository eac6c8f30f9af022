// Reads exercise folders from disk, validates them and computes their content hash.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { exerciseMetaSchema, type ExerciseMeta } from './schema';

export interface ExerciseDefinition {
  meta: ExerciseMeta;
  /** Absolute folder path. */
  dir: string;
  /** statement.md text. */
  statement: string;
  /** starter.ts text. */
  starter: string;
  /** sha256 over every file of the folder (sorted relative paths + contents). */
  contentHash: string;
}

/** A content problem: names the folder and the field or file at fault. */
export class ExerciseContentError extends Error {
  constructor(readonly folder: string, readonly problems: string[]) {
    super(`exercise folder "${folder}" is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ExerciseContentError';
  }
}

export class UnknownExerciseError extends Error {
  constructor(readonly slug: string) {
    super(`unknown exercise "${slug}"`);
    this.name = 'UnknownExerciseError';
  }
}

/** Files every exercise folder must contain. */
export const REQUIRED_FILES = ['exercise.json', 'statement.md', 'starter.ts', 'solution.ts', 'probes.ts', 'visible-checks.ts', 'checks.ts'] as const;

/** Absolute path of the repository's `exercises/` folder (the one holding one folder per exercise). */
export function exercisesRoot(): string {
  return path.resolve(__dirname, '..', '..', 'exercises');
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, r));
    else if (entry.isFile()) out.push(r);
  }
  return out;
}

/** sha256 over the sorted relative paths and contents of every file in `dir`. */
export function contentHash(dir: string): string {
  const h = createHash('sha256');
  for (const rel of listFiles(dir).sort()) {
    const data = readFileSync(path.join(dir, rel));
    h.update(`${rel}\0${data.length}\0`);
    h.update(data);
  }
  return h.digest('hex');
}

function isExerciseFolder(root: string, name: string): boolean {
  const dir = path.join(root, name);
  return !name.startsWith('.') && name !== 'node_modules' && statSync(dir).isDirectory() && existsSync(path.join(dir, 'exercise.json'));
}

function formatPath(p: PropertyKey[]): string {
  return p.length === 0 ? '(root)' : p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
}

/** Loads and validates one exercise folder (absolute path). */
export function loadExerciseFolder(dir: string): ExerciseDefinition {
  const folder = path.basename(dir);
  const problems: string[] = [];
  for (const f of REQUIRED_FILES) if (!existsSync(path.join(dir, f))) problems.push(`missing file ${f}`);
  if (problems.length) throw new ExerciseContentError(folder, problems);

  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(dir, 'exercise.json'), 'utf8'));
  } catch (e) {
    throw new ExerciseContentError(folder, [`exercise.json is not valid JSON: ${(e as Error).message}`]);
  }
  const parsed = exerciseMetaSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ExerciseContentError(
      folder,
      parsed.error.issues.map((i) => `exercise.json field "${formatPath(i.path)}": ${i.message}`),
    );
  }
  const meta = parsed.data;
  if (meta.slug !== folder) problems.push(`exercise.json field "slug": "${meta.slug}" must equal the folder name "${folder}"`);
  // wrong/ and right/ alike: every listed file exists, and every .ts file there is listed (an
  // unlisted one would never be graded by `grader validate`).
  for (const field of ['wrong', 'right'] as const) {
    const listed = meta[field] ?? [];
    listed.forEach((w, i) => {
      if (!existsSync(path.join(dir, w.file))) problems.push(`exercise.json field "${field}[${i}].file": ${w.file} does not exist`);
    });
    const sub = path.join(dir, field);
    if (existsSync(sub)) {
      const declared = new Set(listed.map((w) => w.file));
      for (const f of readdirSync(sub)) {
        if (f.endsWith('.ts') && !declared.has(`${field}/${f}`)) problems.push(`${field}/${f} is not listed in exercise.json field "${field}"`);
      }
    }
  }
  if (problems.length) throw new ExerciseContentError(folder, problems);
  return {
    meta,
    dir,
    statement: readFileSync(path.join(dir, 'statement.md'), 'utf8'),
    starter: readFileSync(path.join(dir, 'starter.ts'), 'utf8'),
    contentHash: contentHash(dir),
  };
}

/** Every exercise under `root` (default: exercisesRoot()), sorted by position then slug. */
export function loadExercises(root: string = exercisesRoot()): ExerciseDefinition[] {
  const defs = readdirSync(root)
    .filter((name) => isExerciseFolder(root, name))
    .map((name) => loadExerciseFolder(path.join(root, name)));
  const seen = new Map<number, string>();
  for (const d of defs) {
    const other = seen.get(d.meta.position);
    if (other) throw new ExerciseContentError(d.meta.slug, [`exercise.json field "position": ${d.meta.position} is also used by "${other}"`]);
    seen.set(d.meta.position, d.meta.slug);
  }
  return defs.sort((a, b) => a.meta.position - b.meta.position || a.meta.slug.localeCompare(b.meta.slug));
}

/** One exercise by slug; throws UnknownExerciseError when there is no such folder. */
export function loadExercise(slug: string, root: string = exercisesRoot()): ExerciseDefinition {
  if (!/^[a-z0-9-]+$/.test(slug)) throw new UnknownExerciseError(slug);
  const dir = path.join(root, slug);
  if (!existsSync(path.join(dir, 'exercise.json'))) throw new UnknownExerciseError(slug);
  return loadExerciseFolder(dir);
}
