import type { Knex } from 'knex';

// Failed attempts to return a missed call (回拨未接通: no answer, wrong number, busy), each with who and when. The
// callback stays open until someone gets through (or the resident calls again and is answered).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('missed_call_attempts', (t) => {
    t.increments('id');
    t.integer('callback_id').unsigned().notNullable().references('missed_call_callbacks.id');
    t.string('reason', 16).notNullable();
    t.text('note');
    t.integer('operator_id').unsigned().references('users.id');
    t.string('created_at', 23).notNullable();
    t.index(['callback_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('missed_call_attempts');
}
