// `npm run db:set-role -w @tyinglab/db -- <email> <STUDENT|INSTRUCTOR|ADMIN>`: gives an existing account a
// global role on the configured database. How the first administrator is made; after that, admins
// grant roles on the site (POST /api/admin/roles).
import { disconnectDb, getDb } from '../client';
import { assignUserRole } from '../data/user-roles';

const ROLES = ['STUDENT', 'INSTRUCTOR', 'ADMIN'] as const;

async function main(): Promise<void> {
  const [email, role] = process.argv.slice(2);
  if (!email || !ROLES.includes(role as (typeof ROLES)[number])) {
    throw new Error(`usage: set-role <email> <${ROLES.join('|')}>`);
  }
  const user = await assignUserRole(email, role as (typeof ROLES)[number], getDb());
  console.log(`[set-role] ${user.email} is now ${user.role}`);
}

main()
  .then(() => disconnectDb())
  .catch(async (err) => {
    console.error(`[set-role] failed: ${(err as Error).message}`);
    await disconnectDb().catch(() => undefined);
    process.exit(1);
  });
