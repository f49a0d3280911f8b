import type { Knex } from 'knex';

// Baseline (squashed before the first release): departments, their users and sessions, the categories of the
// dispatch catalogue and the settings kept in the database. Times are UTC strings 'YYYY-MM-DD HH:MM:SS.mmm'
// (server/lib/db.ts): they sort and compare alike on SQLite and MariaDB.
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('departments', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    t.string('group_name', 50).notNullable();
    t.string('email', 191);
    t.string('head_email', 191);
    t.boolean('active').notNullable().defaultTo(true);
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
  });
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 64).notNullable().unique();
    t.string('display_name', 100).notNullable();
    t.string('role', 16).notNullable();
    t.integer('department_id').unsigned().references('departments.id');
    t.string('password_hash', 255).notNullable();
    t.integer('failed_logins').notNullable().defaultTo(0);
    time(t, 'locked_until');
    t.boolean('active').notNullable().defaultTo(true);
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
  });
  await knex.schema.createTable('sessions', (t) => {
    // The token itself is never stored: only its SHA-256.
    t.string('token_hash', 64).primary();
    t.integer('user_id').unsigned().notNullable().references('users.id');
    time(t, 'last_seen_at').notNullable();
    time(t, 'created_at').notNullable();
    t.index(['user_id']);
  });
  await knex.schema.createTable('categories', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    // The dispatch catalogue (派单目录): where an order of this category goes by default.
    t.integer('department_id').unsigned().references('departments.id');
    t.boolean('active').notNullable().defaultTo(true);
    time(t, 'created_at').notNullable();
  });
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable();
    time(t, 'created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('settings');
  await knex.schema.dropTable('categories');
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('departments');
}
