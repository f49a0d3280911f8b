import type { Knex } from 'knex';

// Wrong guesses at the resident's progress look-up, counted per ticket number whatever the address (issue 11,
// finding 8): a number with too many wrong last-4 guesses answers 429 until its cool-down ends. Kept in the
// database so that every instance counts the same guesses. A row is the number's current window of guesses
// (`attempts` since `window_started_at`) and, once they ran out, the end of its cool-down; rows whose window and
// cool-down are over are deleted as wrong guesses come in (window_started_at's index).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('lookup_guesses', (t) => {
    t.string('number', 14).primary();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('window_started_at', 23).notNullable().index();
    t.string('locked_until', 23).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lookup_guesses');
}
