import type { Knex } from 'knex';

// The live dashboard's watermark (server/domain/dashboard/overview.service.ts) reads the newest change of any surge
// warning once a second, so that a warning raised, extended or acted on by another instance reaches this one's
// screens: max(updated_at) read from this index is one step, however many warnings years have kept.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('surge_warnings', (t) => {
    t.index(['updated_at'], 'surge_warnings_updated_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('surge_warnings', (t) => {
    t.dropIndex(['updated_at'], 'surge_warnings_updated_index');
  });
}
