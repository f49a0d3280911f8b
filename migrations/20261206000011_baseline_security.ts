import type { Knex } from 'knex';

// Baseline: the audit log, read-only display links for wall screens, and the counters that slow down guessing
// (failed sign-ins, wrong guesses at the resident's progress look-up). The counters live in the database so every
// instance behind a load balancer counts the same attempts.
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.integer('actor_id').unsigned();
    t.string('actor_role', 16);
    t.string('action', 48).notNullable();
    t.string('target_type', 32);
    t.integer('target_id').unsigned();
    t.text('detail');
    t.string('ip', 64);
    time(t, 'created_at').notNullable();
    t.index(['created_at']);
    t.index(['target_type', 'target_id']);
  });
  await knex.schema.createTable('display_links', (t) => {
    // A read-only link for a wall screen: it shows the dashboard and nothing else. Only the hash is kept.
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'revoked_at');
    time(t, 'created_at').notNullable();
  });
  await knex.schema.createTable('lookup_guesses', (t) => {
    // Wrong guesses at the progress look-up per ticket number whatever the address: a row is the number's current
    // window of guesses (`attempts` since `window_started_at`) and, once they ran out, the end of its cool-down.
    // Rows whose window and cool-down are over are deleted as wrong guesses come in (window_started_at's index).
    t.string('number', 14).primary();
    t.integer('attempts').notNullable().defaultTo(0);
    time(t, 'window_started_at').notNullable().index();
    time(t, 'locked_until').nullable();
  });
  await knex.schema.createTable('login_throttles', (t) => {
    // Failed sign-ins counted apart per account-and-address (`p:<username>|<address>`) and per address
    // (`a:<address>`). Keyed by the username as typed (known or not), so an unknown name locks like a known one.
    t.string('key', 191).primary();
    // The username of a per-account row (null for an address row): an administrator's reset lifts its locks.
    t.string('username', 64).index();
    t.integer('failures').notNullable().defaultTo(0);
    time(t, 'window_started_at').notNullable();
    time(t, 'locked_until');
    time(t, 'updated_at').notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_throttles');
  await knex.schema.dropTable('lookup_guesses');
  await knex.schema.dropTable('display_links');
  await knex.schema.dropTable('audit_log');
}
