import { recordTestPostgresAvailable } from './env';
import { postgresAvailable } from './testing';

export default async function globalSetup(): Promise<void> {
  const ok = await postgresAvailable(); // throws under CI when unreachable
  recordTestPostgresAvailable(ok);
  if (!ok) console.warn('\n[db tests] PostgreSQL unreachable: running the data-layer tests on SQLite only (CI would fail here).\n');
}
