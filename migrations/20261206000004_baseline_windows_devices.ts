import type { Knex } from 'knex';

// Baseline: service windows (窗口) of departments, the staff who serve at them, and the review devices (评价器) on
// the windows. A device's key is never stored: only its SHA-256, and a short prefix to tell devices apart.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('windows', (t) => {
    t.increments('id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.string('name', 100).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', 23).notNullable();
    t.string('updated_at', 23).notNullable();
    t.unique(['department_id', 'name']);
  });
  await knex.schema.createTable('staff', (t) => {
    t.increments('id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.integer('window_id').unsigned().references('windows.id');
    // The number on the staff member's badge (工号), which devices send with a rating.
    t.string('staff_no', 32).notNullable().unique();
    t.string('name', 100).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', 23).notNullable();
    t.string('updated_at', 23).notNullable();
    t.index(['department_id']);
    t.index(['window_id']);
  });
  await knex.schema.createTable('devices', (t) => {
    t.increments('id');
    t.integer('window_id').unsigned().notNullable().references('windows.id');
    t.string('name', 100).notNullable();
    t.string('key_hash', 64).notNullable().unique();
    t.string('key_prefix', 12).notNullable();
    t.integer('on_duty_staff_id').unsigned().references('staff.id');
    t.string('revoked_at', 23);
    t.string('created_at', 23).notNullable();
    t.string('updated_at', 23).notNullable();
    t.index(['window_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('devices');
  await knex.schema.dropTable('staff');
  await knex.schema.dropTable('windows');
}
