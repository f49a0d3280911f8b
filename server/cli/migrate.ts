// npm run migrate: brings the configured database (DB_CLIENT, DB_FILE or DATABASE_URL) to the latest schema without
// starting the service; `npm run migrate -- down` undoes every migration. The service also migrates on start.
import { loadConfigOrExit } from '../../config/default.ts';
import { createDb } from '../lib/db.ts';
import { migrateLatest, migrationSource, rollbackAll } from '../../migrations/index.ts';

const db = createDb(loadConfigOrExit());
try {
  if (process.argv[2] === 'down') await rollbackAll(db);
  else await migrateLatest(db);
  const [, pending] = await db.migrate.list({ migrationSource });
  console.log(`${process.argv[2] === 'down' ? 'rolled back' : 'migrated'}; ${pending.length} migrations pending`);
} finally {
  await db.destroy();
}
