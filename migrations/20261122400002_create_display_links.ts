import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('display_links', (t) => {
    // A read-only link for a wall screen: it shows the dashboard and nothing else. Only the hash is kept.
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.integer('created_by').unsigned().references('users.id');
    t.string('revoked_at', 23);
    t.string('created_at', 23).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('display_links');
}
