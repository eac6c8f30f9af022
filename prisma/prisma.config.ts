// Prisma CLI configuration. The JS schema engine with driver adapters keeps every Prisma command
// offline: the JS engine needs no native engine binary, so no Prisma command has to download one.
// DATABASE_URL picks the provider: file:… → SQLite (default data/tyinglab.db), postgresql://… → PostgreSQL,
// each with its own migrations folder and (for PostgreSQL) the schema derived by scripts/generate.mjs.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { databaseUrl, providerOf } from './src/env';

const url = databaseUrl();
const provider = providerOf(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: provider === 'sqlite' ? path.join(__dirname, 'prisma', 'schema.prisma') : path.join(__dirname, 'src', 'generated', 'postgresql.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations', provider) },
  adapter: async () => (provider === 'sqlite' ? new PrismaBetterSQLite3({ url }) : new PrismaPg({ connectionString: url })),
});
