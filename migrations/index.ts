// The migration list, loaded statically so knex needs no file loader for TypeScript.
import type { Knex } from 'knex';
import * as m1 from './20261122000001_create_departments_users.ts';
import * as m2 from './20261122000002_create_categories_calendar.ts';
import * as m3 from './20261122000003_create_tickets.ts';
import * as m4 from './20261122000004_create_ratings_audit_outbox.ts';

const migrations: Record<string, Knex.Migration> = {
  '20261122000001_create_departments_users': m1,
  '20261122000002_create_categories_calendar': m2,
  '20261122000003_create_tickets': m3,
  '20261122000004_create_ratings_audit_outbox': m4,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
