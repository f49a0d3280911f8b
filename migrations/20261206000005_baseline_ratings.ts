import type { Knex } from 'knex';

// Baseline: good/bad reviews (好差评) from every channel, their appeals (申诉), the single-use rating links of
// replied orders, and the callbacks (回访) of replied orders with their failed attempts. Columns and indexes keep
// the order the pre-release migrations gave them (a schema dump of this baseline is that chain's to the letter).
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ratings', (t) => {
    t.increments('id');
    t.integer('score').notNullable();
    t.string('channel', 16).notNullable();
    t.integer('department_id').unsigned().references('departments.id');
    t.integer('ticket_id').unsigned().references('tickets.id');
    t.integer('assignment_id').unsigned().references('assignments.id');
    t.text('reason');
    t.text('comment');
    t.boolean('voided').notNullable().defaultTo(false);
    // "One rating per channel" in one unique key, e.g. callback:<assignment>, device:<device>:<seq>.
    t.string('dedupe_key', 191).unique();
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'rated_at').notNullable();
    time(t, 'created_at').notNullable();
    t.index(['rated_at']);
    t.index(['ticket_id']);

    // Where the rating came from (window, staff on duty, device and its sequence number), whether the 7-day
    // auto-close defaulted it, and the rectification order a bad review created.
    t.integer('window_id').unsigned().references('windows.id');
    t.integer('staff_id').unsigned().references('staff.id');
    t.integer('device_id').unsigned().references('devices.id');
    t.bigInteger('seq');
    t.boolean('defaulted').notNullable().defaultTo(false);
    t.integer('rectification_ticket_id').unsigned().references('tickets.id');
    // One rating per ticket per channel (docs/rules/reviews.md), per assignment so a reopened ticket is rated
    // again. Ratings without a ticket have NULLs here, which a unique index never compares.
    t.unique(['ticket_id', 'assignment_id', 'channel'], { indexName: 'ratings_ticket_channel_unique' });
    t.index(['department_id', 'rated_at'], 'ratings_department_rated_index');
    // The assignment that puts a bad review right: the redo of a callback, or the rectification order's first.
    t.integer('remedy_assignment_id').unsigned().references('assignments.id');

    // Bursts of same-score ratings through one static code or one device (docs/rules/reviews.md): a rating caught
    // in one is held (flagged: out of every figure) until a supervisor confirms (it counts) or voids it. flag_state
    // keeps what happened once decided: null never flagged, 'held', 'confirmed' or 'voided'.
    t.boolean('flagged').notNullable().defaultTo(false);
    t.string('flag_state', 10);
    time(t, 'flagged_at');
    t.integer('flag_decided_by').unsigned();
    time(t, 'flag_decided_at');
    t.string('flag_note', 500);
    // The burst look-ups: one code's or device's ratings of one score and flag state around a time. Score leads,
    // so MariaDB keeps its own foreign-key indexes on window, staff and device.
    t.index(['score', 'device_id', 'flag_state', 'rated_at'], 'ratings_device_burst_index');
    t.index(['score', 'window_id', 'flag_state', 'rated_at'], 'ratings_window_burst_index');
    t.index(['score', 'staff_id', 'flag_state', 'rated_at'], 'ratings_staff_burst_index');
    // The supervisor's list of held ratings.
    t.index(['flagged', 'rated_at'], 'ratings_flagged_index');
  });
  await knex.schema.createTable('rating_appeals', (t) => {
    // 申诉: at most one per rating, which the unique key enforces even when two handlers race.
    t.increments('id');
    t.integer('rating_id').unsigned().notNullable().unique().references('ratings.id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.string('status', 16).notNullable();
    t.text('reason').notNullable();
    t.integer('requested_by').unsigned().references('users.id');
    t.integer('decided_by').unsigned().references('users.id');
    t.text('decision_note');
    time(t, 'decided_at');
    time(t, 'created_at').notNullable();
    t.index(['status']);
  });
  await knex.schema.createTable('rating_tokens', (t) => {
    // The single-use rating link of a ticket, issued with the department's reply.
    t.string('token', 32).primary();
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().notNullable().references('assignments.id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.integer('rating_id').unsigned().references('ratings.id');
    time(t, 'used_at');
    time(t, 'expires_at').notNullable();
    time(t, 'created_at').notNullable();
    t.index(['ticket_id']);
  });
  await knex.schema.createTable('ticket_callbacks', (t) => {
    // The answer of a replied order's callback (回访, docs/rules/reviews.md): answered (contacted? solved
    // yes/partly/no? the score, unless the resident had already rated) or closed as unreachable (联系不上) after the
    // failed attempts. contacted and solved are null for a callback that did not ask them (the API's older form).
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
    time(t, 'created_at').notNullable();
    t.index(['department_id', 'created_at']);
  });
  await knex.schema.createTable('ticket_callback_attempts', (t) => {
    // Failed callback attempts (回访未成功: no answer, wrong number, busy), each with who and when. The order stays
    // replied and is tried again; the configured number of failures closes it as unreachable.
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().notNullable().references('assignments.id');
    t.string('reason', 16).notNullable();
    t.text('note');
    t.integer('operator_id').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    t.index(['assignment_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ticket_callback_attempts');
  await knex.schema.dropTable('ticket_callbacks');
  await knex.schema.dropTable('rating_tokens');
  await knex.schema.dropTable('rating_appeals');
  await knex.schema.dropTable('ratings');
}
