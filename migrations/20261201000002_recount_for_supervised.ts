import type { Knex } from 'knex';

// Data: counters written before supervision orders were counted lack them. Emptied when any order exists, the
// counter tables are filled again from the records at the next start (FiguresService.ensureRollups), supervision
// orders included. A fresh database has nothing to recount.
const TABLES = ['department_day_stats', 'department_month_stats', 'category_day_stats', 'category_month_stats'];

export async function up(knex: Knex): Promise<void> {
  if (!(await knex('supervisions').first('id'))) return;
  for (const table of TABLES) await knex(table).delete();
}

export async function down(): Promise<void> {
  // Nothing to undo: the counters are recounted from the records, with or without this column.
}
