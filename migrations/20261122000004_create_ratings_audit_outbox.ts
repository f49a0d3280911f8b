import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ratings', (t) => {
    t.increments('id');
    t.integer('score').notNullable();
    t.string('channel', 16).notNullable();
    t.integer('department_id').unsigned().references('departments.id');
    t.integer('ticket_id').unsigned().references('tickets.id');
    t.integer('assignment_id').unsigned().references('assignments.id');
    t.text('reason');
    t.text('comment');
    t.boolean('voided').notNullable().defaultTo(false);
    // "One rating per channel" in one unique key, e.g. callback:<assignment>, device:<device>:<seq>.
    t.string('dedupe_key', 191).unique();
    t.integer('created_by').unsigned().references('users.id');
    t.string('rated_at', 23).notNullable();
    t.string('created_at', 23).notNullable();
    t.index(['rated_at']);
    t.index(['ticket_id']);
  });
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.integer('actor_id').unsigned();
    t.string('actor_role', 16);
    t.string('action', 48).notNullable();
    t.string('target_type', 32);
    t.integer('target_id').unsigned();
    t.text('detail');
    t.string('ip', 64);
    t.string('created_at', 23).notNullable();
    t.index(['created_at']);
    t.index(['target_type', 'target_id']);
  });
  await knex.schema.createTable('outbox', (t) => {
    // Written in the same transaction as its cause; a job sends it later with retries.
    t.increments('id');
    t.string('kind', 16).notNullable();
    t.string('recipient', 191).notNullable();
    t.string('subject', 255).notNullable();
    t.text('body').notNullable();
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 23).notNullable();
    t.text('last_error');
    t.string('dedupe_key', 191).unique();
    t.string('sent_at', 23);
    t.string('created_at', 23).notNullable();
    t.index(['status', 'next_attempt_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox');
  await knex.schema.dropTable('audit_log');
  await knex.schema.dropTable('ratings');
}
