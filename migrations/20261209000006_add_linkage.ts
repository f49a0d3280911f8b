import type { Knex } from 'knex';

// 110/119/120/122 linkage (docs/integration.md "110/119/120/122 linkage"): a call that ends as a transfer to one of
// them, counted in the call figures; linked orders (联动工单) sent to a partner or received from one, each with its
// own status.
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => {
    // 转接: the partner the operator put the caller through to (110, 119, 120 or 122); NULL: not transferred.
    t.string('transferred_to', 8);
    // The transfers of a day range per partner, read from the index alone.
    t.index(['started_day', 'transferred_to'], 'calls_transfers_index');
  });
  await knex.schema.createTable('linkage_orders', (t) => {
    t.increments('id');
    // The linkage peer the order went to or came from, and its service (kept: a peer may be replaced later).
    t.integer('peer_id').unsigned().notNullable().references('peers.id');
    t.string('partner', 8).notNullable();
    // out: sent by the hotline; in: received from the partner.
    t.string('direction', 3).notNullable();
    // in: the partner's own id of the order (idempotency); out: ours, LD<ticket number>-<partner>-<seq>.
    t.string('ref', 128).notNullable();
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    // out: sent | accepted | handled | declined; in: accepted (its ticket made), later read from the ticket.
    t.string('status', 16).notNullable();
    // out: why the operator sent it; in: the partner's title of the order.
    t.text('reason');
    // The partner's last word on it (out: the note of its status post).
    t.text('note');
    // in: when the partner received it (its received_at).
    time(t, 'received_at');
    time(t, 'accepted_at');
    // handled or declined.
    time(t, 'finished_at');
    // The time the partner gave with its last status (`at`).
    time(t, 'status_at');
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
    // Two status posts at once: the second's update finds another version and reads the order again.
    t.integer('version').notNullable().defaultTo(1);
    t.unique(['peer_id', 'direction', 'ref']);
    t.index(['ticket_id']);
    t.index(['direction', 'status', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('linkage_orders');
  await knex.schema.alterTable('calls', (t) => {
    t.dropIndex(['started_day', 'transferred_to'], 'calls_transfers_index');
    t.dropColumn('transferred_to');
  });
}
