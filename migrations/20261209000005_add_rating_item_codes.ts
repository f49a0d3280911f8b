import type { Knex } from 'knex';

// Ratings to the provincial 好差评 system carry a 事项编码 (docs/integration.md "Ratings to the provincial 好差评
// system"). A rating of an order takes its category's (categories.item_code); a rating at a window without an order
// is about no category, so a window has a default item code, a review device may name one in its post, and the
// rating keeps the one it was given under. A catalogue version keeps the item codes its file carried.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('windows', (t) => {
    t.string('item_code', 64);
  });
  await knex.schema.alterTable('ratings', (t) => {
    // A rating of no order: the device post's item_code, else its window's at the time (null: none known).
    t.string('item_code', 64);
  });
  await knex.schema.alterTable('catalogue_entries', (t) => {
    // null: the file had no item code for the entry (applying it leaves the category's own item code alone).
    t.string('item_code', 64);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('catalogue_entries', (t) => t.dropColumn('item_code'));
  await knex.schema.alterTable('ratings', (t) => t.dropColumn('item_code'));
  await knex.schema.alterTable('windows', (t) => t.dropColumn('item_code'));
}
