import type { Knex } from 'knex';

// When an order last came back into the dispatch queue (待派单): an approved return or a recall (撤回) puts it
// back, and its wait starts again from then. Null: it has waited since it was created. The queue shows the
// wait and orders by it (server/domain/tickets/dispatch-queue.service.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => { t.string('queued_at', 23); });
  // Orders already waiting after a return: their wait starts at the change that put them back.
  await knex('tickets').where('status', 'received').update({
    queued_at: knex('ticket_events as e').max('e.created_at')
      .whereRaw('e.ticket_id = tickets.id').where('e.to_status', 'received').whereNot('e.from_status', 'received'),
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => { t.dropColumn('queued_at'); });
}
