import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('leaderboards', (t) => {
    // One published board per month, frozen with every figure behind it; the primary key makes a second
    // publication (by the job and a supervisor at once, or twice) find the first instead of adding one.
    t.string('month', 7).primary();
    t.text('board', 'mediumtext').notNullable();
    t.integer('published_by').unsigned().references('users.id');
    t.string('published_at', 23).notNullable();
    t.string('created_at', 23).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('leaderboards');
}
