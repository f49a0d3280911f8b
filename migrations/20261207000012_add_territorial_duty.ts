import type { Knex } from 'knex';

// 属地 (territorial) duties in the coded catalogue (docs/rules/catalogue.md): a leaf whose responsible unit is the
// unit of the place (the district, street or community of the address) rather than one named department. Such an
// entry has no department_id; this flag tells it apart from a heading that simply names none. A territorial matter
// may be passed down to streets and communities; a functional department's may not (国办函〔2025〕66号).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('categories', (t) => {
    t.boolean('territorial').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('catalogue_entries', (t) => {
    t.boolean('territorial').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('catalogue_entries', (t) => {
    t.dropColumn('territorial');
  });
  await knex.schema.alterTable('categories', (t) => {
    t.dropColumn('territorial');
  });
}
