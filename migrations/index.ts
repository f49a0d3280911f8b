// Every file named YYYYMMDDHHmmss_verb_noun.ts in this folder is a migration, run in name order. They are
// loaded through import(), so knex needs no TypeScript loader of its own.
//
// The schema starts from one baseline per area (20261206000001_baseline_*.ts ... 20261206000011_baseline_*.ts),
// squashed before the first release from the 48 migrations that built it; a later change adds a migration after
// them as usual, never edits a baseline. knex_migrations records these file names, so a database migrated by the
// old chain (only a developer's own file: nothing was ever deployed) is refused as "migration directory is corrupt"
// and is simply deleted and created again. No compatibility shim for the old names, on purpose. bench/schema-dump.ts
// prints the schema the migrations build (diffed to prove the baseline is the old chain's exactly).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

const dir = path.dirname(fileURLToPath(import.meta.url));
const PATTERN = /^(\d{14}_[a-z0-9_]+)\.ts$/;

function names(): string[] {
  return fs
    .readdirSync(dir)
    .map((f) => PATTERN.exec(f)?.[1])
    .filter((n): n is string => Boolean(n))
    .sort();
}

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => names(),
  getMigrationName: (name) => name,
  getMigration: async (name) => import(pathToFileURL(path.join(dir, `${name}.ts`)).href),
};

export async function migrateLatest(db: Knex): Promise<void> {
  // Instances starting together on an already migrated database find nothing to do and take no lock: knex's lock is
  // a row updated in a transaction, and on a Galera cluster two nodes updating it at once fail one start.
  const [, pending] = await db.migrate.list({ migrationSource });
  if (pending.length === 0) return;
  await db.migrate.latest({ migrationSource });
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
