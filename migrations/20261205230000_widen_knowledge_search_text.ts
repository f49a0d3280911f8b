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
  // Back in TEXT a grown search text keeps what fits (16,000 characters are at most 64,000 bytes): the article
  // stays, only its tail is no longer found.
  await knex('knowledge_texts').whereRaw('LENGTH(search_text) > 65535').update({ search_text: knex.raw('LEFT(search_text, 16000)') });
  await knex.schema.alterTable('knowledge_texts', (t) => { t.text('search_text').notNullable().alter(); });
}
