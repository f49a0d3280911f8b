import type { Knex } from 'knex';

// Disputes about who is responsible (docs/rules/work-orders.md "Disputes and designation"). Each approved return (退单)
// is one and stays on record as its return request (ticket_requests); once an order has had enough of them a
// supervisor settles the dispute by designating its unit (指定). A row here is one settled dispute: the order, how many
// returns it had, the unit designated with its assignment (marked `designated`), why, by whom and when. Kept forever.
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dispatch_disputes', (t) => {
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().notNullable().references('assignments.id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.integer('returns').notNullable();
    t.text('note').notNullable();
    t.integer('designated_by').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    t.index(['ticket_id'], 'dispatch_disputes_ticket_index');
    t.index(['created_at'], 'dispatch_disputes_created_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dispatch_disputes');
}
