import type { Knex } from 'knex';

// A department maintains its own articles in the knowledge base (知识库): each article may belong to one
// department, whose handlers may then edit it. Existing articles belong to the department their category goes to.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('knowledge_articles', (t) => {
    t.integer('department_id').unsigned().nullable().references('departments.id');
    t.index(['department_id', 'active'], 'knowledge_articles_department_index');
  });
  await knex('knowledge_articles').whereNotNull('category_id').update({
    department_id: knex('categories').select('categories.department_id').where('categories.id', knex.ref('knowledge_articles.category_id')),
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('knowledge_articles', (t) => {
    t.dropForeign(['department_id']);
  });
  await knex.schema.alterTable('knowledge_articles', (t) => {
    t.dropIndex(['department_id', 'active'], 'knowledge_articles_department_index');
  });
  await knex.schema.alterTable('knowledge_articles', (t) => {
    t.dropColumn('department_id');
  });
}
