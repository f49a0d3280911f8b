import type { Knex } from 'knex';

// Where a rating came from (window, staff on duty, device and its sequence number), whether it was
// defaulted by the 7-day auto-close, and the rectification ticket a bad review created.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ratings', (t) => {
    t.integer('window_id').unsigned().references('windows.id');
    t.integer('staff_id').unsigned().references('staff.id');
    t.integer('device_id').unsigned().references('devices.id');
    t.bigInteger('seq');
    t.boolean('defaulted').notNullable().defaultTo(false);
    t.integer('rectification_ticket_id').unsigned().references('tickets.id');
    // One rating per ticket per channel (docs/rules/reviews.md), per assignment so a reopened ticket is rated again.
    // Ratings without a ticket have NULLs here, which a unique index never compares.
    t.unique(['ticket_id', 'assignment_id', 'channel'], { indexName: 'ratings_ticket_channel_unique' });
    t.index(['department_id', 'rated_at'], 'ratings_department_rated_index');
  });
  await knex.schema.alterTable('tickets', (t) => {
    // The 7-day auto-close looks for replied tickets by their reply time.
    t.index(['status', 'replied_at'], 'tickets_status_replied_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['status', 'replied_at'], 'tickets_status_replied_index');
  });
  await knex.schema.alterTable('ratings', (t) => {
    // MariaDB dropped the index it had made for the department foreign key once ours could serve it;
    // give it back before ours goes.
    if (knex.client.config.client === 'mysql2') t.index(['department_id'], 'ratings_department_id_foreign');
    t.dropIndex(['department_id', 'rated_at'], 'ratings_department_rated_index');
    t.dropUnique(['ticket_id', 'assignment_id', 'channel'], 'ratings_ticket_channel_unique');
    t.dropForeign(['rectification_ticket_id']);
    t.dropForeign(['device_id']);
    t.dropForeign(['staff_id']);
    t.dropForeign(['window_id']);
  });
  await knex.schema.alterTable('ratings', (t) => {
    t.dropColumn('rectification_ticket_id');
    t.dropColumn('defaulted');
    t.dropColumn('seq');
    t.dropColumn('device_id');
    t.dropColumn('staff_id');
    t.dropColumn('window_id');
  });
}
