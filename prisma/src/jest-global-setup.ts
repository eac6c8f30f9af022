import { postgresAvailable } from './testing';

export default async function globalSetup(): Promise<void> {
  const ok = await postgresAvailable(); // throws under CI when unreachable
  process.env.TL_PG_AVAILABLE = ok ? '1' : '0';
  if (!ok) console.warn('\n[db tests] PostgreSQL unreachable: running the data-layer tests on SQLite only (CI would fail here).\n');
}
