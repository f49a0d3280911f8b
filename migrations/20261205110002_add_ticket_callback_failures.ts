import type { Knex } from 'knex';

// Failed callback attempts of the ticket's current assignment, on the ticket row so the list of orders awaiting a
// callback (待回访) shows them without a join; back to 0 when a bad callback reopens the order.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => { t.integer('callback_failures').notNullable().defaultTo(0); });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => { t.dropColumn('callback_failures'); });
}
