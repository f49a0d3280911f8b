import type { Knex } from 'knex';

// Levels of handling (docs/rules/work-orders.md "Passing down" and "Co-handling"): an assignment may work under
// another one. The hotline's own dispatch is a 'main' assignment with no parent; a unit the holder passes the order
// down to (转派) holds a 'down' assignment under the holder's; a co-handling unit (协办) holds a 'co' assignment under
// the lead's (主办). Each is counted for its own unit, with its own deadlines and cards, as any assignment is.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assignments', (t) => {
    t.integer('parent_id').unsigned().nullable();
    t.string('role', 8).notNullable().defaultTo('main');
    // The reply a 'down' or 'co' unit gives its parent (the hotline's reply stays on the ticket).
    t.text('reply').nullable();
    // 指定: a supervisor designated this unit after disputed returns; it may not return the order again.
    t.boolean('designated').notNullable().defaultTo(false);
    t.index(['parent_id'], 'assignments_parent_index');
    // A unit's open work at every level (its inbox of passed-down and co-handled orders).
    t.index(['department_id', 'ended_at'], 'assignments_department_open_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assignments', (t) => {
    t.dropIndex(['department_id', 'ended_at'], 'assignments_department_open_index');
    t.dropIndex(['parent_id'], 'assignments_parent_index');
    t.dropColumn('designated');
    t.dropColumn('reply');
    t.dropColumn('role');
    t.dropColumn('parent_id');
  });
}
