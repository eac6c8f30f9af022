// Generates one Prisma client per provider from the single source schema (prisma/schema.prisma,
// written for SQLite). The PostgreSQL variant only swaps the provider and output lines.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(pkgDir, 'prisma', 'schema.prisma');
export const pgSchemaPath = path.join(pkgDir, 'src', 'generated', 'postgresql.prisma');

export function derivePostgresSchema() {
  const text = fs.readFileSync(source, 'utf8');
  const swapped = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/src\/generated\/sqlite"/, 'output       = "./postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://localhost/placeholder"');
  if (!swapped.includes('"postgresql"') || !swapped.includes('"./postgresql"')) {
    throw new Error('generate: could not derive the PostgreSQL schema (provider/output lines changed shape?)');
  }
  fs.mkdirSync(path.dirname(pgSchemaPath), { recursive: true });
  fs.writeFileSync(pgSchemaPath, '// GENERATED from prisma/schema.prisma by scripts/generate.mjs. Do not edit.\n' + swapped);
  return pgSchemaPath;
}

const prismaCli = path.join(path.dirname(fileURLToPath(import.meta.resolve('prisma/package.json'))), 'build', 'index.js');

function run(args) {
  execFileSync(process.execPath, [prismaCli, ...args], { cwd: pkgDir, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' } });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  derivePostgresSchema();
  run(['generate', '--schema', source]);
  run(['generate', '--schema', pgSchemaPath]);
}
