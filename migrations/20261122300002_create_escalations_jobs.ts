import type { Knex } from 'knex';

const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('escalations', (t) => {
    // One row per card or escalation actually issued. The unique key is what makes each happen once per
    // deadline of an assignment, whatever the number of instances or restarts: the sweep inserts and treats a
    // duplicate as "already done", never checks first.
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().notNullable();
    t.integer('department_id').unsigned().references('departments.id');
    t.string('kind', 8).notNullable(); // sign | due
    t.string('level', 8).notNullable(); // yellow | red | head
    time(t, 'deadline_at').notNullable();
    // A yellow card whose red card came due in the same sweep (after downtime) is recorded, not sent.
    t.boolean('superseded').notNullable().defaultTo(false);
    time(t, 'created_at').notNullable();
    t.unique(['ticket_id', 'assignment_id', 'kind', 'level'], { indexName: 'escalations_once_per_deadline' });
    t.index(['created_at']);
  });
  await knex.schema.createTable('job_leases', (t) => {
    // Who runs a scheduled job right now: an instance runs a tick only after taking (or taking over an
    // expired) lease, so several instances behind a load balancer run each tick once.
    t.string('name', 64).primary();
    t.string('holder', 128).notNullable();
    time(t, 'lease_until').notNullable();
    time(t, 'last_started_at');
    time(t, 'last_finished_at');
    t.text('last_error');
  });
  await knex.schema.createTable('job_runs', (t) => {
    // Periodic work done once per period (a day's digest, a month's leaderboard): written when the period's
    // run has finished, read at every start so what came due during downtime is done once.
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
  await knex.schema.dropTable('escalations');
}
