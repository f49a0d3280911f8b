import type { Knex } from 'knex';

// Residents informed and heard (docs/rules/messages.md, figures.md, attachments.md): texts through the outbox like
// mail, with editable templates, delivery receipts and opt-outs; the query code the acceptance text carries; the
// contact first (先联系后办理) recorded with its means and outcome; the counters of the resolution and callback rates
// and of orders judged unreasonable; attachments stored once by content hash; the call's recording reference.
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

/** New counters on every rollup table (rollups.repository.ts COUNTERS). */
const NEW_COUNTERS = [
  // 回访率: replied assignments that had a completed callback or the resident's own rating.
  'followed',
  // 解决率: callbacks that asked "is it solved", and their answers in halves (yes 2, partly 1, no 0).
  'solved_asked',
  'solved_halves',
  // Assignments judged unreasonable (不合理诉求, approved): out of every other counter, counted here for the report.
  'unreasonable',
];
const ROLLUPS = [
  'department_day_stats',
  'department_month_stats',
  'category_day_stats',
  'category_month_stats',
  'city_category_day_stats',
];

export async function up(knex: Knex): Promise<void> {
  for (const table of ROLLUPS)
    await knex.schema.alterTable(table, (t) => {
      for (const c of NEW_COUNTERS) t.integer(c).notNullable().defaultTo(0);
    });

  await knex.schema.alterTable('outbox', (t) => {
    // kind 'sms': recipient is the mobile number, subject the template's key, body the rendered text, params the
    // template's values (JSON) as the gateway receives them. Urgent texts pass quiet hours.
    t.string('template', 64);
    t.text('params');
    t.boolean('urgent').notNullable().defaultTo(false);
    // The gateway's delivery receipt (POST /api/v1/sms/receipts): delivered, failed, or what the gateway says.
    t.string('delivery_status', 32);
    time(t, 'delivered_at');
    // The per-number rate limit counts the texts sent to one number lately.
    t.index(['kind', 'recipient', 'sent_at'], 'outbox_recipient_sent');
  });
  await knex.schema.createTable('sms_templates', (t) => {
    // An administrator's wording of one event's text; an event with no row uses the default in code.
    t.string('key', 64).primary();
    t.text('text').notNullable();
    t.integer('updated_by').unsigned().references('users.id');
    time(t, 'updated_at').notNullable();
  });
  await knex.schema.createTable('sms_opt_outs', (t) => {
    // A number that asked for no more texts (退订): nothing but urgent texts are sent to it.
    t.string('phone', 32).primary();
    t.string('source', 16).notNullable();
    time(t, 'created_at').notNullable();
  });

  await knex.schema.alterTable('tickets', (t) => {
    // Six digits sent in the acceptance text; the resident's progress look-up asks for it.
    t.string('query_code', 8);
  });
  await knex.schema.alterTable('assignments', (t) => {
    // 先联系后办理: how the first successful contact was made (contacted_at says when).
    t.string('contact_means', 16);
    t.string('contact_outcome', 16);
    // When the assignment first had a completed callback or the resident's own rating (the callback rate).
    time(t, 'followed_up_at');
    // When a supervisor approved the order as unreasonable (不合理诉求): out of the unit's figures from then on.
    time(t, 'unreasonable_at');
  });
  await knex.schema.createTable('assignment_contacts', (t) => {
    // Every attempt to contact the resident, reached or not, with when it happened (entered by the handler).
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().notNullable().references('assignments.id');
    time(t, 'contacted_at').notNullable();
    t.string('means', 16).notNullable();
    t.string('outcome', 16).notNullable();
    t.text('note');
    t.integer('user_id').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    t.index(['assignment_id']);
  });
  await knex.schema.alterTable('ticket_requests', (t) => {
    // kind 'unreasonable': which of the configured kinds of unreasonable demand the handler names.
    t.string('unreasonable_kind', 32);
  });

  await knex.schema.createTable('attachment_blobs', (t) => {
    // One stored file per content: two uploads of one photo share it. Images are stored re-encoded (no location
    // metadata); thumb_sha256 names the thumbnail's own blob.
    t.string('sha256', 64).primary();
    t.bigInteger('size').notNullable();
    t.string('type', 100).notNullable();
    t.string('store', 8).notNullable();
    t.string('thumb_sha256', 64);
    time(t, 'created_at').notNullable();
  });
  await knex.schema.createTable('attachments', (t) => {
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    // intake, reply (办结佐证), rectification, appeal, open311
    t.string('purpose', 16).notNullable();
    t.integer('assignment_id').unsigned().references('assignments.id');
    t.integer('rating_id').unsigned().references('ratings.id');
    t.string('name', 255).notNullable();
    t.string('type', 100).notNullable();
    t.bigInteger('size').notNullable();
    t.string('sha256', 64).notNullable().references('attachment_blobs.sha256');
    t.integer('uploaded_by').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    t.index(['ticket_id']);
  });
  await knex.schema.alterTable('calls', (t) => {
    // The telephone system's reference of the call's recording, played through GET /api/v1/calls/:id/recording.
    t.string('recording_ref', 255);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('calls', (t) => t.dropColumn('recording_ref'));
  await knex.schema.dropTable('attachments');
  await knex.schema.dropTable('attachment_blobs');
  await knex.schema.alterTable('ticket_requests', (t) => t.dropColumn('unreasonable_kind'));
  await knex.schema.dropTable('assignment_contacts');
  await knex.schema.alterTable('assignments', (t) => {
    t.dropColumn('contact_means');
    t.dropColumn('contact_outcome');
    t.dropColumn('followed_up_at');
    t.dropColumn('unreasonable_at');
  });
  await knex.schema.alterTable('tickets', (t) => t.dropColumn('query_code'));
  await knex.schema.dropTable('sms_opt_outs');
  await knex.schema.dropTable('sms_templates');
  await knex.schema.alterTable('outbox', (t) => {
    t.dropIndex(['kind', 'recipient', 'sent_at'], 'outbox_recipient_sent');
    t.dropColumn('template');
    t.dropColumn('params');
    t.dropColumn('urgent');
    t.dropColumn('delivery_status');
    t.dropColumn('delivered_at');
  });
  for (const table of ROLLUPS)
    await knex.schema.alterTable(table, (t) => {
      for (const c of NEW_COUNTERS) t.dropColumn(c);
    });
}
