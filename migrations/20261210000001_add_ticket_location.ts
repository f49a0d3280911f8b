import type { Knex } from 'knex';

// Location on every order (docs/rules/intake.md "Location"): the territorial unit it lies in (a district, street or
// community of the unit tree), picked by the operator or recognised from the address, and an optional map point.
// The index serves counting an area's orders over a period (hot spots).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.integer('area_unit_id').unsigned().nullable().references('departments.id');
    t.decimal('lat', 9, 6).nullable();
    t.decimal('lng', 9, 6).nullable();
    t.index(['area_unit_id', 'created_at'], 'tickets_area_created_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropForeign(['area_unit_id']);
    t.dropIndex(['area_unit_id', 'created_at'], 'tickets_area_created_index');
    t.dropColumn('area_unit_id');
    t.dropColumn('lat');
    t.dropColumn('lng');
  });
}
