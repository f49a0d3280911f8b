import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rating_appeals', (t) => {
    // 申诉: at most one per rating, which the unique key enforces even when two handlers race.
    t.increments('id');
    t.integer('rating_id').unsigned().notNullable().unique().references('ratings.id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.string('status', 16).notNullable();
    t.text('reason').notNullable();
    t.integer('requested_by').unsigned().references('users.id');
    t.integer('decided_by').unsigned().references('users.id');
    t.text('decision_note');
    t.string('decided_at', 23);
    t.string('created_at', 23).notNullable();
    t.index(['status']);
  });
  await knex.schema.createTable('rating_tokens', (t) => {
    // The single-use rating link of a ticket, issued with the department's reply.
    t.string('token', 32).primary();
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().notNullable().references('assignments.id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.integer('rating_id').unsigned().references('ratings.id');
    t.string('used_at', 23);
    t.string('expires_at', 23).notNullable();
    t.string('created_at', 23).notNullable();
    t.index(['ticket_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rating_tokens');
  await knex.schema.dropTable('rating_appeals');
}
