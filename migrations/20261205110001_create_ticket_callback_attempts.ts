import type { Knex } from 'knex';

// Failed callback attempts on a replied order (回访未成功: no answer, wrong number, busy), each with who and when.
// The order stays replied and is tried again; the configured number of failures closes it as unreachable.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_callback_attempts', (t) => {
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().notNullable().references('assignments.id');
    t.string('reason', 16).notNullable();
    t.text('note');
    t.integer('operator_id').unsigned().references('users.id');
    t.string('created_at', 23).notNullable();
    t.index(['assignment_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_callback_attempts');
}
