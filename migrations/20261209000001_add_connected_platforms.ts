import type { Knex } from 'knex';

// Connected platforms (docs/integration.md): the systems Hotline exchanges signed messages with (上级平台 upstreams,
// the provincial 好差评 system, 110/119/120/122 linkage, the provincial data platform), each with its keys; webhook
// messages through the outbox, in order per stream; the orders an upstream sent down; the catalogue's item codes.
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('peers', (t) => {
    t.increments('id');
    // A short name that never changes: it is the outbox's recipient and the log's name for the peer.
    t.string('code', 64).notNullable().unique();
    t.string('name', 100).notNullable();
    // upstream | province_ratings | linkage | data_report (server/domain/peers/peer.types.ts)
    t.string('kind', 32).notNullable();
    // A linkage peer's service: 110, 119, 120 or 122.
    t.string('partner', 8);
    // Where its messages are POSTed; unset: they are written to the log and count as sent.
    t.string('url', 500);
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
    t.index(['kind', 'active']);
  });
  await knex.schema.createTable('peer_keys', (t) => {
    // A shared secret signs both ways (HMAC-SHA256 of the raw body), so it is kept sealed (AES-256-GCM under a key
    // derived from SECRET), not hashed. Rotation adds a key and gives the old one an end (not_after): until then a
    // peer may sign with either, and messages already queued are signed at sending with the newest key.
    t.increments('id');
    t.integer('peer_id').unsigned().notNullable().references('peers.id');
    // Public: sent in X-Upstream-Key / X-Peer-Key (inbound) and X-Hotline-Key (outbound) to name the secret.
    t.string('key_id', 64).notNullable().unique();
    t.text('secret_sealed').notNullable();
    time(t, 'not_after');
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    t.index(['peer_id', 'not_after']);
  });
  await knex.schema.alterTable('outbox', (t) => {
    // kind 'webhook': recipient is the peer's code, subject the event, body the JSON posted as it is signed.
    t.integer('peer_id').unsigned().references('peers.id');
    // Messages of one stream (an order's status, one rating and its withdrawal) go in the order of their ids: a
    // message waits while an earlier one of its stream is not sent.
    t.string('stream', 191);
    t.index(['kind', 'peer_id', 'stream', 'id'], 'outbox_stream');
  });
  await knex.schema.createTable('upstream_orders', (t) => {
    // An order an upstream sent down: its id there (idempotency) and what it asked beyond the ticket's own fields.
    t.increments('id');
    t.integer('peer_id').unsigned().notNullable().references('peers.id');
    t.string('upstream_id', 128).notNullable();
    t.integer('ticket_id').unsigned().notNullable().unique().references('tickets.id');
    time(t, 'upstream_received_at');
    // The upstream's deadline: the ticket's due deadline is the sooner of it and the rules' own.
    time(t, 'upstream_due_at');
    t.string('category_code', 64);
    t.string('area_code', 32);
    time(t, 'created_at').notNullable();
    t.unique(['peer_id', 'upstream_id']);
  });
  await knex.schema.createTable('ticket_feeds', (t) => {
    // Who hears of every later change of a ticket (docs/integration.md): the upstream that sent it down, the linkage
    // partner that sent it over. `ref` is the order's id there (upstream_id, the partner's external id).
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('peer_id').unsigned().notNullable().references('peers.id');
    t.string('kind', 16).notNullable(); // upstream | linkage
    t.string('ref', 128).notNullable();
    time(t, 'created_at').notNullable();
    t.unique(['ticket_id', 'peer_id']);
  });
  await knex.schema.alterTable('tickets', (t) => {
    // Set when the ticket has a row in ticket_feeds: a change of any other ticket costs no query to find none.
    t.boolean('peer_feed').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('categories', (t) => {
    // 事项编码: the service item's code in the provincial catalogue; ratings to the province carry it, and an
    // upstream's category_code names a category by it.
    t.string('item_code', 64);
    t.index(['item_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('categories', (t) => {
    t.dropIndex(['item_code']);
    t.dropColumn('item_code');
  });
  await knex.schema.alterTable('tickets', (t) => t.dropColumn('peer_feed'));
  await knex.schema.dropTable('ticket_feeds');
  await knex.schema.dropTable('upstream_orders');
  await knex.schema.alterTable('outbox', (t) => {
    t.dropIndex(['kind', 'peer_id', 'stream', 'id'], 'outbox_stream');
    t.dropForeign(['peer_id']);
    t.dropColumn('peer_id');
    t.dropColumn('stream');
  });
  await knex.schema.dropTable('peer_keys');
  await knex.schema.dropTable('peers');
}
