import type { Knex } from 'knex';

// An operator logging a call themselves does not know how long the caller waited in the queue: wait_s is NULL
// then (unknown, never "answered within 15 s"), where the console used to write 0. The telephone system still
// sends it for every call.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    t.integer('wait_s').nullable().alter();
  });
}

export async function down(knex: Knex): Promise<void> {
  // NOT NULL again: an unknown wait goes back to the 0 the console wrote before.
  await knex('calls').whereNull('wait_s').update({ wait_s: 0 });
  await knex.schema.alterTable('calls', (t) => {
    t.integer('wait_s').notNullable().alter();
  });
}
