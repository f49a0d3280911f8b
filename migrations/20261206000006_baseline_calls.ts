import type { Knex } from 'knex';

// Baseline: call records from the telephone system (CTI) or logged by operators, the keys the CTI posts with, and
// the missed-call callback queue (未接来电回拨) with its failed attempts. Times are UTC strings (server/lib/db.ts).
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cti_keys', (t) => {
    // The key itself is shown once at issue and never stored: only its SHA-256, and a prefix to tell keys apart.
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('key_hash', 64).notNullable().unique();
    t.string('key_prefix', 16).notNullable();
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'revoked_at');
    time(t, 'created_at').notNullable();
  });
  await knex.schema.createTable('missed_call_callbacks', (t) => {
    t.increments('id');
    t.string('phone', 32).notNullable();
    // The open-marker: the phone while the callback is open, NULL once done. Its unique key allows one open
    // callback per number (NULLs never collide), which is what makes concurrent missed calls join, not add.
    t.string('open_phone', 32).unique();
    time(t, 'first_missed_at').notNullable();
    time(t, 'last_missed_at').notNullable();
    t.integer('missed_count').notNullable().defaultTo(1);
    t.string('status', 8).notNullable();
    time(t, 'done_at');
    t.integer('done_by').unsigned().references('users.id');
    // called_back (an operator called and noted the outcome) or answered_call (the resident got through later).
    t.string('outcome', 16);
    t.text('note');
    t.integer('ticket_id').unsigned().references('tickets.id');
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
    t.index(['status', 'first_missed_at']);
    t.index(['phone', 'done_at']);
  });
  await knex.schema.createTable('calls', (t) => {
    t.increments('id');
    // The telephone system's own call id: a retried post of the same call is stored once.
    t.string('external_id', 191).unique();
    // NULL: a withheld number (the telephone system sends none, or "anonymous"), still an inbound call.
    t.string('caller_phone', 32);
    time(t, 'started_at').notNullable();
    // The local (Asia/Shanghai) date of started_at, so per-day figures group on a plain column.
    t.string('started_day', 10).notNullable();
    t.boolean('answered').notNullable();
    // NULL: an operator logging a call does not know how long the caller waited (never "answered within 15 s").
    t.integer('wait_s');
    t.integer('talk_s').notNullable();
    t.integer('operator_id').unsigned().references('users.id');
    t.integer('ticket_id').unsigned().references('tickets.id');
    t.integer('callback_id').unsigned().references('missed_call_callbacks.id');
    t.integer('cti_key_id').unsigned().references('cti_keys.id');
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    // Covers the connection-rate figures: a day range read from the index alone, per day or per operator.
    t.index(['started_day', 'operator_id', 'answered', 'wait_s'], 'calls_figures_index');
    t.index(['started_at']);
    t.index(['caller_phone', 'started_at']);
  });
  await knex.schema.createTable('missed_call_attempts', (t) => {
    // Failed attempts to return a missed call (回拨未接通), each with who and when. The callback stays open until
    // someone gets through (or the resident calls again and is answered).
    t.increments('id');
    t.integer('callback_id').unsigned().notNullable().references('missed_call_callbacks.id');
    t.string('reason', 16).notNullable();
    t.text('note');
    t.integer('operator_id').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    t.index(['callback_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('missed_call_attempts');
  await knex.schema.dropTable('calls');
  await knex.schema.dropTable('missed_call_callbacks');
  await knex.schema.dropTable('cti_keys');
}
