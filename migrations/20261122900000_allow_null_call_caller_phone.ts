import type { Knex } from 'knex';

// A call from a withheld number (the telephone system sends no number, or "anonymous") is still an inbound call
// and counts in the connection rate: its caller_phone is NULL.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    t.string('caller_phone', 32).nullable().alter();
  });
}

export async function down(knex: Knex): Promise<void> {
  // NOT NULL again cannot hold the withheld callers: they become '' (no number), as nothing else could be known.
  await knex('calls').whereNull('caller_phone').update({ caller_phone: '' });
  await knex.schema.alterTable('calls', (t) => {
    t.string('caller_phone', 32).notNullable().alter();
  });
}
