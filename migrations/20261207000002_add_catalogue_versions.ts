import type { Knex } from 'knex';

// The coded dispatch catalogue (docs/rules/catalogue.md): categories become a tree of up to three levels with a
// code in the shape of a provincial standard (01 / 0101 / 010101), the duty basis (职责依据) naming why the unit is
// responsible and a severity tier setting the leaf's sign-for and reply limits. Each import is a version kept whole
// with the local (Asia/Shanghai) date it takes effect, so a past dispatch is judged by the catalogue then in force;
// an assignment records the version it was dispatched under.
const time = (t: Knex.CreateTableBuilder | Knex.AlterTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('categories', (t) => {
    // Nullable: categories made before the catalogue was coded have none until an import names them.
    t.string('code', 32).nullable().unique();
    t.integer('parent_id').unsigned().nullable().references('categories.id');
    t.integer('level').notNullable().defaultTo(1);
    t.string('duty_basis', 500).nullable();
    t.string('severity_tier', 16).notNullable().defaultTo('normal');
  });
  await knex.schema.createTable('catalogue_versions', (t) => {
    t.increments('id');
    t.string('label', 100).notNullable();
    // YYYY-MM-DD, local date: the version is in force from 00:00 Asia/Shanghai of that day.
    t.string('effective_from', 10).notNullable();
    t.string('note', 500).nullable();
    t.integer('created_by').unsigned().nullable().references('users.id');
    time(t, 'created_at').notNullable();
    t.integer('entry_count').notNullable().defaultTo(0);
    // When the categories rows were brought in line with this version (null until it took effect).
    time(t, 'applied_at');
    t.index(['effective_from'], 'catalogue_versions_effective_index');
  });
  await knex.schema.createTable('catalogue_entries', (t) => {
    t.increments('id');
    t.integer('version_id').unsigned().notNullable().references('catalogue_versions.id');
    t.integer('category_id').unsigned().notNullable().references('categories.id');
    t.string('code', 32).notNullable();
    t.string('name', 100).notNullable();
    t.string('parent_code', 32).nullable();
    t.integer('level').notNullable();
    t.integer('department_id').unsigned().nullable().references('departments.id');
    t.string('duty_basis', 500).nullable();
    t.string('severity_tier', 16).nullable();
    t.unique(['version_id', 'code'], { indexName: 'catalogue_entries_version_code_unique' });
    t.index(['category_id', 'version_id'], 'catalogue_entries_category_index');
  });
  await knex.schema.alterTable('assignments', (t) => {
    // The catalogue version in force when this unit was dispatched (null: dispatched before any version).
    t.integer('catalogue_version_id').unsigned().nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assignments', (t) => {
    t.dropColumn('catalogue_version_id');
  });
  await knex.schema.dropTable('catalogue_entries');
  await knex.schema.dropTable('catalogue_versions');
  await knex.schema.alterTable('categories', (t) => {
    t.dropForeign(['parent_id']);
    t.dropUnique(['code']);
    t.dropColumn('severity_tier');
    t.dropColumn('duty_basis');
    t.dropColumn('level');
    t.dropColumn('parent_id');
    t.dropColumn('code');
  });
}
