import type { Knex } from 'knex';

// Tickets a department held before next_escalation_at existed: due for their first step now, so the first
// sweep looks at each once and sets the real next moment (it skips what is not yet due).
export async function up(knex: Knex): Promise<void> {
  await knex('tickets').whereIn('status', ['dispatched', 'accepted']).whereNull('next_escalation_at')
    .update({ next_escalation_at: knex.raw('CASE WHEN signed_at IS NULL THEN sign_yellow_at ELSE due_yellow_at END') });
}

export async function down(): Promise<void> {
  // The column goes with the schema migration before it.
}
