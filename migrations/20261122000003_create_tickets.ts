import type { Knex } from 'knex';

// Times are UTC strings 'YYYY-MM-DD HH:MM:SS.mmm' (see server/lib/db.ts): they sort and compare alike
// on SQLite and MariaDB.
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_sequences', (t) => {
    t.string('day', 8).primary();
    t.integer('last').notNullable();
  });
  await knex.schema.createTable('tickets', (t) => {
    t.increments('id');
    t.string('number', 20).notNullable().unique();
    t.string('channel', 16).notNullable();
    t.string('type', 16).notNullable();
    t.string('urgency', 8).notNullable();
    t.string('title', 200).notNullable();
    t.text('description').notNullable();
    t.integer('category_id').unsigned().references('categories.id');
    t.string('address', 255);
    t.string('caller_name', 100);
    t.string('caller_phone', 32);
    t.boolean('confidential').notNullable().defaultTo(false);
    t.string('status', 16).notNullable();
    t.integer('department_id').unsigned().references('departments.id');
    t.integer('assignment_id').unsigned();
    time(t, 'sign_deadline_at');
    time(t, 'sign_yellow_at');
    time(t, 'due_at');
    time(t, 'due_yellow_at');
    time(t, 'signed_at');
    time(t, 'replied_at');
    time(t, 'closed_at');
    time(t, 'suspended_at');
    t.text('resolution');
    t.integer('merged_into_id').unsigned().references('tickets.id');
    t.integer('reopen_count').notNullable().defaultTo(0);
    t.integer('created_by').unsigned().references('users.id');
    t.integer('call_id').unsigned();
    t.integer('version').notNullable().defaultTo(1);
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
    t.index(['status', 'department_id']);
    t.index(['department_id', 'status']);
    t.index(['created_at']);
    t.index(['caller_phone']);
  });
  await knex.schema.createTable('assignments', (t) => {
    // One dispatch of a ticket to a department (承办记录): the unit every figure counts.
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.boolean('is_redo').notNullable().defaultTo(false);
    time(t, 'dispatched_at').notNullable();
    time(t, 'sign_deadline_at').notNullable();
    time(t, 'due_at').notNullable();
    time(t, 'signed_at');
    time(t, 'replied_at');
    time(t, 'ended_at');
    t.string('end_reason', 16);
    t.integer('extended_days').notNullable().defaultTo(0);
    time(t, 'created_at').notNullable();
    t.index(['ticket_id']);
    t.index(['dispatched_at', 'department_id']);
  });
  await knex.schema.createTable('ticket_events', (t) => {
    // Append-only: never updated, never deleted. The timeline, the audit trail and the source of statistics.
    t.bigIncrements('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.string('action', 32).notNullable();
    t.integer('actor_id').unsigned();
    t.string('actor_role', 16);
    t.string('from_status', 16);
    t.string('to_status', 16);
    t.text('data');
    t.text('note');
    t.boolean('public').notNullable().defaultTo(false);
    time(t, 'created_at').notNullable();
    t.index(['ticket_id', 'id']);
  });
  await knex.schema.createTable('ticket_requests', (t) => {
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().references('assignments.id');
    t.string('kind', 16).notNullable();
    t.string('status', 16).notNullable();
    t.text('reason').notNullable();
    t.integer('days');
    t.integer('requested_by').unsigned().references('users.id');
    t.integer('decided_by').unsigned().references('users.id');
    time(t, 'decided_at');
    time(t, 'created_at').notNullable();
    t.index(['ticket_id']);
    t.index(['status', 'kind']);
  });
  await knex.schema.createTable('supervisions', (t) => {
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('department_id').unsigned().references('departments.id');
    t.integer('assignment_id').unsigned();
    t.text('note').notNullable();
    t.boolean('automatic').notNullable().defaultTo(false);
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    t.index(['ticket_id']);
    t.index(['created_at']);
  });
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable();
    t.string('key', 191).notNullable();
    t.integer('ticket_id').unsigned().notNullable();
    time(t, 'created_at').notNullable();
    t.unique(['user_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
  await knex.schema.dropTable('supervisions');
  await knex.schema.dropTable('ticket_requests');
  await knex.schema.dropTable('ticket_events');
  await knex.schema.dropTable('assignments');
  await knex.schema.dropTable('tickets');
  await knex.schema.dropTable('ticket_sequences');
}
