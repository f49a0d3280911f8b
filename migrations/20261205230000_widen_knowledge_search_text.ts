import type { Knex } from 'knex';

// An article's search text is its title, keywords and body after NFKC, which can grow a character into many
// (ﷺ becomes 18): a TEXT column (65,535 bytes on MariaDB) refused a 20,000-character body with a 500. MEDIUMTEXT
// holds 16 MB, more than any body the API accepts can grow to. SQLite's TEXT has no such limit: nothing to do.
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'mysql2') return;
  await knex.schema.alterTable('knowledge_texts', (t) => { t.text('search_text', 'mediumtext').notNullable().alter(); });
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'mysql2') return;
  await knex.schema.alterTable('knowledge_texts', (t) => { t.text('search_text').notNullable().alter(); });
}
