import type { Knex } from 'knex';

// Bursts of same-score ratings through one static code or one device (docs/rules/reviews.md): a rating caught in
// one is held (flagged: out of every figure) until a supervisor confirms it (it counts) or voids it. flag_state
// keeps what happened once it is decided: null never flagged, 'held', 'confirmed' or 'voided'.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ratings', (t) => {
    t.boolean('flagged').notNullable().defaultTo(false);
    t.string('flag_state', 10);
    t.string('flagged_at', 23);
    t.integer('flag_decided_by').unsigned();
    t.string('flag_decided_at', 23);
    t.string('flag_note', 500);
    // The burst look-ups: one code's or device's ratings of one score and flag state around a time (the state
    // before the time, so the earlier ratings never flagged are found without reading a long held burst). Score
    // leads, so MariaDB keeps its own foreign-key indexes on window, staff and device (dropping these never
    // touches them).
    t.index(['score', 'device_id', 'flag_state', 'rated_at'], 'ratings_device_burst_index');
    t.index(['score', 'window_id', 'flag_state', 'rated_at'], 'ratings_window_burst_index');
    t.index(['score', 'staff_id', 'flag_state', 'rated_at'], 'ratings_staff_burst_index');
    // The supervisor's list of held ratings.
    t.index(['flagged', 'rated_at'], 'ratings_flagged_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ratings', (t) => {
    t.dropIndex(['flagged', 'rated_at'], 'ratings_flagged_index');
    t.dropIndex(['score', 'staff_id', 'flag_state', 'rated_at'], 'ratings_staff_burst_index');
    t.dropIndex(['score', 'window_id', 'flag_state', 'rated_at'], 'ratings_window_burst_index');
    t.dropIndex(['score', 'device_id', 'flag_state', 'rated_at'], 'ratings_device_burst_index');
  });
  await knex.schema.alterTable('ratings', (t) => {
    t.dropColumn('flag_note');
    t.dropColumn('flag_decided_at');
    t.dropColumn('flag_decided_by');
    t.dropColumn('flagged_at');
    t.dropColumn('flag_state');
    t.dropColumn('flagged');
  });
}
