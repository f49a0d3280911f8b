import type { Knex } from 'knex';

// Repeat demands (重复诉求, docs/rules/work-orders.md "Repeat demands"): the links of a flagged order to the earlier
// orders of the same number or the same place and category, and the flag itself on the order (the rule that
// flagged it), so reading an unflagged order costs nothing more. The caller's number is read by a (number, time)
// index over the window.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_repeats', (t) => {
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('sibling_id').unsigned().notNullable().references('tickets.id');
    t.string('rule', 8).notNullable();
    t.datetime('created_at').notNullable();
    t.unique(['ticket_id', 'sibling_id', 'rule'], { indexName: 'ticket_repeats_unique' });
    t.index(['sibling_id'], 'ticket_repeats_sibling_index');
  });
  await knex.schema.alterTable('tickets', (t) => {
    t.string('repeat_rule', 8).nullable();
    t.index(['caller_phone', 'created_at'], 'tickets_caller_phone_created_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['caller_phone', 'created_at'], 'tickets_caller_phone_created_index');
    t.dropColumn('repeat_rule');
  });
  await knex.schema.dropTable('ticket_repeats');
}
