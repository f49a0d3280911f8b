import type { Knex } from 'knex';

// Per-department, per-day counters (rollups) kept in the same transaction as the changes that move them, so
// every figure over any period reads a few hundred small rows instead of scanning millions of assignments.
// Assignment counters sit on the day of the dispatch, rating counters on the day of the rating (local dates).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('department_day_stats', (t) => {
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.string('day', 10).notNullable();
    t.integer('dispatched').notNullable().defaultTo(0);
    t.integer('returned').notNullable().defaultTo(0);
    t.integer('signed_timely').notNullable().defaultTo(0);
    t.integer('replied').notNullable().defaultTo(0);
    t.integer('replied_on_time').notNullable().defaultTo(0);
    t.integer('redo').notNullable().defaultTo(0);
    t.integer('ratings').notNullable().defaultTo(0);
    t.integer('ratings_good').notNullable().defaultTo(0);
    t.integer('bad').notNullable().defaultTo(0);
    t.integer('bad_fixed').notNullable().defaultTo(0);
    t.primary(['department_id', 'day']);
    t.index(['day']);
  });
  await knex.schema.alterTable('ratings', (t) => {
    // The assignment that puts a bad review right: the redo of a callback, or the rectification order's first.
    t.integer('remedy_assignment_id').unsigned().references('assignments.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ratings', (t) => {
    t.dropForeign(['remedy_assignment_id']);
  });
  await knex.schema.alterTable('ratings', (t) => {
    t.dropColumn('remedy_assignment_id');
  });
  await knex.schema.dropTable('department_day_stats');
}
