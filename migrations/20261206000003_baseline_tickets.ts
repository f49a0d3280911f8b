import type { Knex } from 'knex';

// Baseline: work orders (工单), the dispatches of each to a department, their append-only events, the requests
// (return, extension, suspension) on them, supervision orders, and the cards and escalations issued on their
// deadlines. Times are UTC strings 'YYYY-MM-DD HH:MM:SS.mmm' (server/lib/db.ts). Columns and indexes keep the order
// the pre-release migrations gave them, so a schema dump of this baseline is the one of that chain to the letter.
const time = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 23);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ticket_sequences', (t) => {
    t.string('day', 8).primary();
    t.integer('last').notNullable();
  });
  await knex.schema.createTable('tickets', (t) => {
    t.increments('id');
    t.string('number', 20).notNullable().unique();
    t.string('channel', 16).notNullable();
    t.string('type', 16).notNullable();
    t.string('urgency', 8).notNullable();
    t.string('title', 200).notNullable();
    t.text('description').notNullable();
    t.integer('category_id').unsigned().references('categories.id');
    t.string('address', 255);
    t.string('caller_name', 100);
    t.string('caller_phone', 32);
    t.boolean('confidential').notNullable().defaultTo(false);
    t.string('status', 16).notNullable();
    t.integer('department_id').unsigned().references('departments.id');
    t.integer('assignment_id').unsigned();
    time(t, 'sign_deadline_at');
    time(t, 'sign_yellow_at');
    time(t, 'due_at');
    time(t, 'due_yellow_at');
    time(t, 'signed_at');
    time(t, 'replied_at');
    time(t, 'closed_at');
    time(t, 'suspended_at');
    t.text('resolution');
    t.integer('merged_into_id').unsigned().references('tickets.id');
    t.integer('reopen_count').notNullable().defaultTo(0);
    t.integer('created_by').unsigned().references('users.id');
    t.integer('call_id').unsigned();
    t.integer('version').notNullable().defaultTo(1);
    time(t, 'created_at').notNullable();
    time(t, 'updated_at').notNullable();
    // The next moment the escalation sweep has something to do for the ticket (a yellow card, a red card, the
    // escalation to the head), or NULL when nothing is pending: the sweep reads only rows due by now through its
    // index, so its cost follows what is due, not what is open.
    time(t, 'next_escalation_at');
    // When the order last came back into the dispatch queue (待派单) after a return or a recall; null: it has
    // waited since it was created.
    time(t, 'queued_at');
    // Failed callback attempts (回访未接通) of the current assignment, so the callback list needs no join.
    t.integer('callback_failures').notNullable().defaultTo(0);
    // Duplicates by place (并单): the ending of the street, the same place written differently (server/domain/
    // tickets/place.ts).
    t.string('place_key', 16).nullable();
    // The current deadlines were computed on days of a year without an official schedule yet: recomputed once an
    // administrator enters that year (server/domain/calendar/deadline-recompute.ts).
    t.boolean('deadline_unconfirmed').notNullable().defaultTo(false);

    t.index(['status', 'department_id']);
    t.index(['department_id', 'status']);
    t.index(['created_at']);
    t.index(['caller_phone']);
    // The 7-day auto-close looks for replied tickets by their reply time.
    t.index(['status', 'replied_at'], 'tickets_status_replied_index');
    // Duplicate detection (并单): recent open orders of the same category.
    t.index(['category_id', 'created_at'], 'tickets_category_created_index');
    // InnoDB and SQLite both append the primary key, which the sweep's (next_escalation_at, id) paging uses.
    t.index(['next_escalation_at'], 'tickets_next_escalation_at_index');
    // The dashboard's yellow and red cards: only a ticket past one of its yellow moments can carry one. signed_at
    // comes before sign_yellow_at as the sign-for deadline only counts while the ticket is unsigned.
    t.index(['status', 'signed_at', 'sign_yellow_at'], 'tickets_status_sign_yellow_index');
    t.index(['status', 'due_yellow_at'], 'tickets_status_due_yellow_index');
    // Orders by category over a period, from the index alone.
    t.index(['created_at', 'category_id'], 'tickets_created_category_index');
    t.index(['place_key', 'created_at'], 'tickets_place_key_created_index');
    t.index(['deadline_unconfirmed'], 'tickets_deadline_unconfirmed_idx');
  });
  await knex.schema.createTable('assignments', (t) => {
    // One dispatch of a ticket to a department (承办记录): the unit every figure counts.
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.boolean('is_redo').notNullable().defaultTo(false);
    time(t, 'dispatched_at').notNullable();
    time(t, 'sign_deadline_at').notNullable();
    time(t, 'due_at').notNullable();
    time(t, 'signed_at');
    time(t, 'replied_at');
    time(t, 'ended_at');
    t.string('end_reason', 16);
    t.integer('extended_days').notNullable().defaultTo(0);
    time(t, 'created_at').notNullable();
    // The category the ticket had when it was dispatched: a later change of the ticket's category moves no
    // counter already written (the report by category). No foreign key: 0 would be none.
    t.integer('category_id').unsigned();
    // 先联系后办理: when the department first contacted the resident (the response rate counts those contacted
    // before the sign-for deadline, docs/rules/figures.md).
    time(t, 'contacted_at');
    t.index(['ticket_id']);
    t.index(['dispatched_at', 'department_id']);
    // One department's assignments of a period (the drill-down), not every assignment it ever had.
    t.index(['department_id', 'dispatched_at']);
  });
  await knex.schema.createTable('ticket_events', (t) => {
    // Append-only: never updated, never deleted. The timeline, the audit trail and the source of statistics.
    t.bigIncrements('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.string('action', 32).notNullable();
    t.integer('actor_id').unsigned();
    t.string('actor_role', 16);
    t.string('from_status', 16);
    t.string('to_status', 16);
    t.text('data');
    t.text('note');
    t.boolean('public').notNullable().defaultTo(false);
    time(t, 'created_at').notNullable();
    t.index(['ticket_id', 'id']);
  });
  await knex.schema.createTable('ticket_requests', (t) => {
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().references('assignments.id');
    t.string('kind', 16).notNullable();
    t.string('status', 16).notNullable();
    t.text('reason').notNullable();
    t.integer('days');
    t.integer('requested_by').unsigned().references('users.id');
    t.integer('decided_by').unsigned().references('users.id');
    time(t, 'decided_at');
    time(t, 'created_at').notNullable();
    t.index(['ticket_id']);
    t.index(['status', 'kind']);
  });
  await knex.schema.createTable('supervisions', (t) => {
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('department_id').unsigned().references('departments.id');
    t.integer('assignment_id').unsigned();
    t.text('note').notNullable();
    t.boolean('automatic').notNullable().defaultTo(false);
    t.integer('created_by').unsigned().references('users.id');
    time(t, 'created_at').notNullable();
    t.index(['ticket_id']);
    t.index(['created_at']);
    // The department report counts a period's supervision orders per department from the index alone; the
    // supervisors' list of one department, newest first, reads the other one backwards.
    t.index(['created_at', 'department_id']);
    t.index(['department_id', 'created_at']);
  });
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable();
    t.string('key', 191).notNullable();
    t.integer('ticket_id').unsigned().notNullable();
    time(t, 'created_at').notNullable();
    t.unique(['user_id', 'key']);
  });
  await knex.schema.createTable('escalations', (t) => {
    // One row per card or escalation actually issued. The unique key is what makes each happen once per deadline
    // of an assignment (an approved extension or a resumption sets a new one), whatever the number of instances
    // or restarts: the sweep inserts and treats a duplicate as "already done", never checks first.
    t.increments('id');
    t.integer('ticket_id').unsigned().notNullable().references('tickets.id');
    t.integer('assignment_id').unsigned().notNullable();
    t.integer('department_id').unsigned().references('departments.id');
    t.string('kind', 8).notNullable(); // sign | due
    t.string('level', 8).notNullable(); // yellow | red | head
    time(t, 'deadline_at').notNullable();
    // A yellow card whose red card came due in the same sweep (after downtime) is recorded, not sent.
    t.boolean('superseded').notNullable().defaultTo(false);
    time(t, 'created_at').notNullable();
    t.unique(['ticket_id', 'assignment_id', 'kind', 'level', 'deadline_at'], {
      indexName: 'escalations_once_per_deadline_at',
    });
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('escalations');
  await knex.schema.dropTable('idempotency_keys');
  await knex.schema.dropTable('supervisions');
  await knex.schema.dropTable('ticket_requests');
  await knex.schema.dropTable('ticket_events');
  await knex.schema.dropTable('assignments');
  await knex.schema.dropTable('tickets');
  await knex.schema.dropTable('ticket_sequences');
}
