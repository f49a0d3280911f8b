import type { Knex } from 'knex';

// The bulletin's monthly analysis (docs/rules/hot-spots.md "Monthly analysis") counts the month's repeat demands
// (tickets.repeat_rule set): this index reads the flagged orders of a period by a range per rule, never the
// month's orders in full. Unflagged orders (repeat_rule null) sit apart at one end of it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.index(['repeat_rule', 'created_at'], 'tickets_repeat_rule_created_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['repeat_rule', 'created_at'], 'tickets_repeat_rule_created_index');
  });
}
