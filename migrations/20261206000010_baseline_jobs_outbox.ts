import type { Knex } from 'knex';

// Baseline: the outbox of mail (written in the same transaction as its cause, sent later with retries), the leases
// that keep each scheduled job's tick to one instance, and the record of periodic work done once per period.
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox', (t) => {
    t.increments('id');
    t.string('kind', 16).notNullable();
    t.string('recipient', 191).notNullable();
    t.string('subject', 255).notNullable();
    t.text('body').notNullable();
    t.string('status', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    time(t, 'next_attempt_at').notNullable();
    t.text('last_error');
    t.string('dedupe_key', 191).unique();
    time(t, 'sent_at');
    time(t, 'created_at').notNullable();
    // A sender claims a message before sending it (status 'sending'), so two instances never send one message at
    // once; a claim that outlives claimed_until (a crash mid-send) is taken over and the message retried.
    t.string('claimed_by', 128);
    time(t, 'claimed_until');
    t.index(['status', 'next_attempt_at']);
  });
  await knex.schema.createTable('job_leases', (t) => {
    // Who runs a scheduled job right now: an instance runs a tick only after taking (or taking over an expired)
    // lease, so several instances behind a load balancer run each tick once.
    t.string('name', 64).primary();
    t.string('holder', 128).notNullable();
    time(t, 'lease_until').notNullable();
    time(t, 'last_started_at');
    time(t, 'last_finished_at');
    t.text('last_error');
  });
  await knex.schema.createTable('job_runs', (t) => {
    // Periodic work done once per period (a day's digest, a month's leaderboard): written when the period's run
    // has finished, read at every start so what came due during downtime is done once.
    t.increments('id');
    t.string('job', 64).notNullable();
    t.string('period', 32).notNullable();
    t.string('holder', 128).notNullable();
    time(t, 'started_at').notNullable();
    time(t, 'finished_at').notNullable();
    t.text('detail');
    t.unique(['job', 'period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_runs');
  await knex.schema.dropTable('job_leases');
  await knex.schema.dropTable('outbox');
}
