import type { Knex } from 'knex';

// Hot spots (docs/rules/hot-spots.md): surges of one category in one area, and the map of the city's areas.
//
// - area_daily_counts: how many orders each territorial unit (with the units below it) received per Beijing day and
//   category; category_id 0 counts every order of the area, uncategorised ones too (the map's shading). The surge
//   job writes the rows of the days it scans, so a baseline is read from a few rows per pair, never from tickets.
// - hotspot_days: the days the surge job has scanned (finalized once the day is over), its catch-up cursor.
// - surge_warnings: a warning (预警) raised for an area and category, extended while it stays open on later days,
//   acknowledged, assigned to a unit and closed by supervisors (version guards concurrent actions).
// - area_maps: the GeoJSON of the city's areas an administrator uploaded; the newest is the one drawn.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('area_daily_counts', (t) => {
    t.integer('area_unit_id').unsigned().notNullable();
    t.integer('category_id').unsigned().notNullable();
    t.string('day', 10).notNullable();
    t.integer('count').unsigned().notNullable();
    t.primary(['area_unit_id', 'category_id', 'day']);
    t.index(['day', 'category_id'], 'area_daily_counts_day_index');
  });
  await knex.schema.createTable('hotspot_days', (t) => {
    t.string('day', 10).primary();
    t.integer('orders').unsigned().notNullable().defaultTo(0);
    t.integer('pairs').unsigned().notNullable().defaultTo(0);
    t.integer('warnings').unsigned().notNullable().defaultTo(0);
    t.boolean('finalized').notNullable().defaultTo(false);
    t.datetime('scanned_at').notNullable();
  });
  await knex.schema.createTable('surge_warnings', (t) => {
    t.increments('id').primary();
    t.integer('area_unit_id').unsigned().notNullable().references('departments.id');
    t.integer('category_id').unsigned().notNullable().references('categories.id');
    t.string('first_day', 10).notNullable();
    t.string('last_day', 10).notNullable();
    t.integer('count').unsigned().notNullable();
    t.integer('peak').unsigned().notNullable();
    t.decimal('baseline', 10, 4).notNullable();
    t.integer('control_limit').unsigned().notNullable();
    t.string('status', 12).notNullable().defaultTo('open');
    t.integer('assigned_unit_id').unsigned().nullable().references('departments.id');
    t.text('assign_note').nullable();
    t.text('resolution').nullable();
    t.integer('acknowledged_by').unsigned().nullable().references('users.id');
    t.datetime('acknowledged_at').nullable();
    t.integer('assigned_by').unsigned().nullable().references('users.id');
    t.datetime('assigned_at').nullable();
    t.integer('closed_by').unsigned().nullable().references('users.id');
    t.datetime('closed_at').nullable();
    t.integer('version').unsigned().notNullable().defaultTo(1);
    t.datetime('created_at').notNullable();
    t.datetime('updated_at').notNullable();
    t.unique(['area_unit_id', 'category_id', 'first_day'], { indexName: 'surge_warnings_pair_day_unique' });
    t.index(['status', 'last_day'], 'surge_warnings_status_index');
    t.index(['last_day'], 'surge_warnings_last_day_index');
  });
  await knex.schema.createTable('area_maps', (t) => {
    t.increments('id').primary();
    t.string('name', 100).notNullable();
    t.text('geojson', 'mediumtext').notNullable();
    t.integer('features').unsigned().notNullable();
    t.integer('uploaded_by').unsigned().nullable().references('users.id');
    t.datetime('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('area_maps');
  await knex.schema.dropTable('surge_warnings');
  await knex.schema.dropTable('hotspot_days');
  await knex.schema.dropTable('area_daily_counts');
}
