import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('departments', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    t.string('group_name', 50).notNullable();
    t.string('email', 191);
    t.string('head_email', 191);
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', 23).notNullable();
    t.string('updated_at', 23).notNullable();
  });
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 64).notNullable().unique();
    t.string('display_name', 100).notNullable();
    t.string('role', 16).notNullable();
    t.integer('department_id').unsigned().references('departments.id');
    t.string('password_hash', 255).notNullable();
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.string('locked_until', 23);
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', 23).notNullable();
    t.string('updated_at', 23).notNullable();
  });
  await knex.schema.createTable('sessions', (t) => {
    // The token itself is never stored: only its SHA-256.
    t.string('token_hash', 64).primary();
    t.integer('user_id').unsigned().notNullable().references('users.id');
    t.string('last_seen_at', 23).notNullable();
    t.string('created_at', 23).notNullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('departments');
}
