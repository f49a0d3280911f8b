import type { Knex } from 'knex';

// The report by category (诉求分类): the same counters as department_day_stats, per department, category and day.
// An assignment keeps the category its ticket had when it was dispatched, so a later change of the ticket's
// category moves no counter that was already written (and the recount agrees). Category 0: none (差评整改 orders,
// ratings of a window that rate no ticket).
const COUNTERS = ['dispatched', 'returned', 'signed_timely', 'replied', 'replied_on_time', 'redo', 'ratings', 'ratings_good', 'bad', 'bad_fixed'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assignments', (t) => {
    t.integer('category_id').unsigned();
  });
  await knex('assignments').update({
    category_id: knex('tickets').select('category_id').where('tickets.id', knex.ref('assignments.ticket_id')),
  });
  await knex.schema.createTable('category_day_stats', (t) => {
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.integer('category_id').unsigned().notNullable();
    t.string('day', 10).notNullable();
    for (const c of COUNTERS) t.integer(c).notNullable().defaultTo(0);
    // Clustered by day: a month of the whole city is one contiguous range; one department's through its index.
    t.primary(['day', 'category_id', 'department_id']);
    t.index(['department_id', 'day']);
  });
  // Counters already written before this migration are filled in by FiguresService.ensureRollups() at start.
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('category_day_stats');
  await knex.schema.alterTable('assignments', (t) => {
    t.dropColumn('category_id');
  });
}
