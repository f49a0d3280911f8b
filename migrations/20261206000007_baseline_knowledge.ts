import type { Knex } from 'knex';

// Baseline: the knowledge base (知识库) and its search index. Chinese has no spaces to split words on, so the index
// is every distinct pair of adjacent characters (bigram) of an article: a query's bigrams narrow 10,000 articles to
// a few candidates through the primary key, and a LIKE over those candidates confirms the substring.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('knowledge_articles', (t) => {
    // Only short columns: ranking a search's candidates reads thousands of these rows, so the long texts live in
    // knowledge_texts and are read for a page of results only.
    t.increments('id');
    t.string('title', 200).notNullable();
    t.integer('category_id').unsigned().references('categories.id');
    // JSON array of keywords as given.
    t.string('keywords', 2000).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    // How many direct answers (直接答复) used the article.
    t.integer('use_count').notNullable().defaultTo(0);
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').unsigned().references('users.id');
    t.integer('updated_by').unsigned().references('users.id');
    t.string('created_at', 23).notNullable();
    t.string('updated_at', 23).notNullable();
    // The department that maintains the article (its handlers may edit it); null: the hotline's own.
    t.integer('department_id').unsigned().nullable().references('departments.id');
    t.index(['active', 'use_count']);
    t.index(['department_id', 'active'], 'knowledge_articles_department_index');
  });
  await knex.schema.createTable('knowledge_texts', (t) => {
    t.integer('article_id').unsigned().primary().references('knowledge_articles.id');
    t.text('body').notNullable();
    // Title, keywords and body normalised (NFKC, lower case) as the search compares them. NFKC can grow a
    // character into many (ﷺ becomes 18): MEDIUMTEXT on MariaDB, where TEXT stops at 65,535 bytes (SQLite's has
    // no such limit).
    t.text('search_text', 'mediumtext').notNullable();
  });
  // gram = two UTF-16 units packed into one integer. No foreign key on purpose: it would add a second index on
  // article_id to millions of rows; rows go away through their primary key when an article changes.
  if (knex.client.config.client === 'mysql2') {
    await knex.schema.createTable('knowledge_grams', (t) => {
      t.integer('gram').unsigned().notNullable();
      t.integer('article_id').unsigned().notNullable();
      t.primary(['gram', 'article_id']);
    });
  } else {
    // WITHOUT ROWID keeps the rows inside the primary-key b-tree: half the size and one lookup less.
    await knex.raw(
      'CREATE TABLE knowledge_grams (gram INTEGER NOT NULL, article_id INTEGER NOT NULL, ' +
        'PRIMARY KEY (gram, article_id)) WITHOUT ROWID',
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('knowledge_grams');
  await knex.schema.dropTable('knowledge_texts');
  await knex.schema.dropTable('knowledge_articles');
}
