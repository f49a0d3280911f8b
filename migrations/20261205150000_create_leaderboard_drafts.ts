import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A month's board as prepared at 01:00 on the 1st, for a supervisor to review and publish (or for the job to
  // publish on the configured day). The primary key makes a second preparation find the first.
  await knex.schema.createTable('leaderboard_drafts', (t) => {
    t.string('month', 7).primary();
    t.text('board', 'mediumtext').notNullable();
    t.string('prepared_at', 23).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('leaderboard_drafts');
}
