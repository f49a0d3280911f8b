import type { Knex } from 'knex';

// The answers of a replied order's callback (回访, docs/rules/reviews.md): one row per assignment called back,
// answered (contacted? solved yes/partly/no? the score, unless the resident had already rated) or closed as
// unreachable (联系不上) after the failed attempts. The resolution rate (solved / answered, partly half) and the
// callback rate are counted over these rows. contacted and solved are null for a callback that did not ask them
// (the API's older {score} form).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_callbacks', (t) => {
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    // One callback per assignment: a second (a race the version check let through) fails on this key.
    t.integer('assignment_id').unsigned().notNullable().unique().references('assignments.id');
    t.integer('department_id').unsigned().references('departments.id');
    t.string('outcome', 16).notNullable();
    t.boolean('contacted');
    t.string('solved', 8);
    t.integer('rating_id').unsigned().references('ratings.id');
    // The resident had rated the assignment (link, look-up, device) before the callback: no score was asked.
    t.boolean('rated_before').notNullable().defaultTo(false);
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.integer('operator_id').unsigned().references('users.id');
    t.string('created_at', 23).notNullable();
    t.index(['department_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_callbacks');
}
