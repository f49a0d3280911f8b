import type { Knex } from 'knex';

// Failed sign-ins counted apart per account-and-address (`p:<username>|<address>`) and per address (`a:<address>`),
// in the database so every instance behind a load balancer counts alike. Keyed by the username as typed (known or
// not), so an unknown name locks like a known one and the answers do not tell them apart.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttles', (t) => {
    t.string('key', 191).primary();
    // The username of a per-account row (null for an address row): an administrator's reset lifts its locks.
    t.string('username', 64).index();
    t.integer('failures').notNullable().defaultTo(0);
    t.string('window_started_at', 23).notNullable();
    t.string('locked_until', 23);
    t.string('updated_at', 23).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_throttles');
}
