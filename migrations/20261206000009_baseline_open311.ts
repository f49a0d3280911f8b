import type { Knex } from 'knex';

// Baseline: Open311 GeoReport v2, the keys partner systems submit requests with, and what a submitted request
// carried beyond the ticket itself (the key that sent it, coordinates, address id, media link).
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('open311_keys', (t) => {
    // The key itself is shown once at issue and never stored: only its SHA-256, and a prefix to tell keys apart.
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('key_hash', 64).notNullable().unique();
    t.string('key_prefix', 16).notNullable();
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'revoked_at');
    time(t, 'created_at').notNullable();
  });
  await knex.schema.createTable('open311_requests', (t) => {
    // One row per ticket that came in through Open311; only these tickets are answered on the public Open311 API.
    t.integer('ticket_id').unsigned().primary().references('tickets.id');
    t.integer('key_id').unsigned().notNullable().references('open311_keys.id');
    t.double('lat');
    t.double('lng');
    t.string('address_id', 100);
    t.string('media_url', 2000);
    // The ticket's created_at, copied so a date range is read from this table's index, not from all tickets'.
    time(t, 'created_at').notNullable();
    t.index(['created_at']);
    t.index(['key_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('open311_requests');
  await knex.schema.dropTable('open311_keys');
}
