import type { Knex } from 'knex';

// Indexes that were the first columns of another index on their table: every lookup they served, the longer one
// serves as well, and every row written updated both. Tickets wrote 17 indexes an order, two of them these:
// (created_at) of (created_at, category_id) and (caller_phone) of (caller_phone, created_at); a rating (ticket_id)
// of the unique (ticket_id, assignment_id, channel), which also holds its foreign key on MariaDB; a supervision
// (created_at) of (created_at, department_id).
const DROPPED = [
  ['tickets', 'tickets_created_at_index', ['created_at']],
  ['tickets', 'tickets_caller_phone_index', ['caller_phone']],
  ['ratings', 'ratings_ticket_id_index', ['ticket_id']],
  ['supervisions', 'supervisions_created_at_index', ['created_at']],
] as const;

export async function up(knex: Knex): Promise<void> {
  for (const [table, name] of DROPPED) await knex.schema.alterTable(table, (t) => t.dropIndex([], name));
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, name, columns] of DROPPED) await knex.schema.alterTable(table, (t) => t.index([...columns], name));
}
