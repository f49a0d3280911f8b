import type { Knex } from 'knex';
import { placeKey } from '../server/domain/tickets/place.ts';

// Duplicates by place (并单): the same place written differently (南竹竿胡同22号 / 东城区南竹竿胡同23号) shares
// the ending of its street, kept on every order as place_key and looked up with the recent orders first.
// Only open orders are filled here: duplicates look at nothing else, and closing never reopens into the window.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.string('place_key', 16).nullable();
    t.index(['place_key', 'created_at'], 'tickets_place_key_created_index');
  });
  let after = 0;
  for (;;) {
    const rows: Array<{ id: number; address: string }> = await knex('tickets').select('id', 'address').where('id', '>', after)
      .whereNotNull('address').whereIn('status', ['received', 'dispatched', 'accepted', 'suspended', 'replied']).orderBy('id').limit(1000);
    if (!rows.length) break;
    for (const r of rows) {
      const key = placeKey(r.address);
      if (key) await knex('tickets').where({ id: r.id }).update({ place_key: key });
    }
    after = rows[rows.length - 1].id;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['place_key', 'created_at'], 'tickets_place_key_created_index');
  });
  await knex.schema.alterTable('tickets', (t) => {
    t.dropColumn('place_key');
  });
}
