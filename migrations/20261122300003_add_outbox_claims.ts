import type { Knex } from 'knex';

// A sender claims a message before sending it (status 'sending', claimed_by, claimed_until), so two
// instances never send one message at once; a claim that outlives claimed_until (a crash mid-send) is
// taken over and the message retried.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.string('claimed_by', 128);
    t.string('claimed_until', 23);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('claimed_until');
    t.dropColumn('claimed_by');
  });
}
