import { getDb, type Db } from '../client';

/** The catalogue fields of an exercise, as stored and as listed. */
export interface ExerciseSummary {
  slug: string;
  title: string;
  summary: string;
  difficulty: string;
  concepts: string[];
  points: number;
  position: number;
}

/** What syncing needs from an exercise folder (structurally an ExerciseDefinition of @tyinglab/exercise-format). */
export interface ExerciseSyncInput {
  meta: ExerciseSummary & {
    checks?: { name: string; title: string; visibility: string; points: number }[];
  } & Record<string, unknown>;
  statement: string;
  starter: string;
  contentHash: string;
}

export interface SyncReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  archived: string[];
}

/**
 * Mirrors the repo's exercise folders into the database. Idempotent: rows whose content hash is
 * unchanged are not touched; exercises removed from the repo are archived (their submissions stay).
 */
export async function syncExercises(defs: ExerciseSyncInput[], db: Db = getDb()): Promise<SyncReport> {
  const report: SyncReport = { created: [], updated: [], unchanged: [], archived: [] };
  const existing = new Map((await db.exercise.findMany({ where: { source: 'REPO' } })).map((e) => [e.slug, e]));
  for (const def of defs) {
    const m = def.meta;
    const data = {
      title: m.title,
      summary: m.summary,
      difficulty: m.difficulty,
      concepts: m.concepts,
      points: m.points,
      position: m.position,
      contentHash: def.contentHash,
      statement: def.statement,
      starter: def.starter,
      metadata: m as object,
      archived: false,
    };
    const row = existing.get(m.slug);
    if (!row) {
      await db.exercise.create({ data: { slug: m.slug, source: 'REPO', ...data } });
      report.created.push(m.slug);
    } else if (row.contentHash !== def.contentHash || row.archived) {
      await db.exercise.update({ where: { id: row.id }, data });
      report.updated.push(m.slug);
    } else {
      report.unchanged.push(m.slug);
    }
    existing.delete(m.slug);
  }
  for (const gone of existing.values()) {
    if (!gone.archived) {
      await db.exercise.update({ where: { id: gone.id }, data: { archived: true } });
      report.archived.push(gone.slug);
    }
  }
  return report;
}

export interface ExerciseCheckInfo {
  name: string;
  title: string;
  visibility: 'visible' | 'hidden';
  points: number;
}

export interface ExerciseDetail extends ExerciseSummary {
  statement: string;
  starter: string;
  contentHash: string;
  checks: ExerciseCheckInfo[];
  limits: { timeMs: number; memoryMb: number } | null;
}

function asStringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The catalogue, in course order. */
export async function listExercises(db: Db = getDb()): Promise<ExerciseSummary[]> {
  const rows = await db.exercise.findMany({ where: { archived: false }, orderBy: [{ position: 'asc' }, { slug: 'asc' }] });
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    difficulty: r.difficulty,
    concepts: asStringArray(r.concepts),
    points: r.points,
    position: r.position,
  }));
}

export async function getExerciseBySlug(slug: string, db: Db = getDb()): Promise<ExerciseDetail | null> {
  const r = await db.exercise.findFirst({ where: { slug, archived: false } });
  if (!r) return null;
  const meta = (r.metadata ?? {}) as { checks?: unknown; limits?: unknown };
  const checks = Array.isArray(meta.checks)
    ? (meta.checks as ExerciseCheckInfo[]).map((c) => ({ name: c.name, title: c.title, visibility: c.visibility, points: c.points }))
    : [];
  const limits = meta.limits && typeof meta.limits === 'object' ? (meta.limits as ExerciseDetail['limits']) : null;
  return {
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    difficulty: r.difficulty,
    concepts: asStringArray(r.concepts),
    points: r.points,
    position: r.position,
    statement: r.statement,
    starter: r.starter,
    contentHash: r.contentHash,
    checks,
    limits,
  };
}
