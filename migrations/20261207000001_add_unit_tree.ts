import type { Knex } from 'knex';

// Units as a tree (docs/rules/units.md): a department has a kind (市直部门, 区县, 街道/乡镇, 社区/村, 公共企事业单位) and a
// parent, so a district holds its streets and a street its communities. The liaison's mobile (联络员) receives the
// unit's SMS reminders. Existing departments become top-level functional departments until an administrator says more.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('departments', (t) => {
    t.string('kind', 16).notNullable().defaultTo('municipal');
    t.integer('parent_id').unsigned().nullable().references('departments.id');
    t.string('liaison_mobile', 32).nullable();
    t.index(['parent_id'], 'departments_parent_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('departments', (t) => {
    t.dropForeign(['parent_id']);
    t.dropIndex(['parent_id'], 'departments_parent_index');
    t.dropColumn('liaison_mobile');
    t.dropColumn('parent_id');
    t.dropColumn('kind');
  });
}
