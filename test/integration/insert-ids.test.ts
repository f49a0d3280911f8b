// A batch's rows are inserted in one statement and their ids answered in the rows' order (tickets.repository.ts
// insertIdsBy): by RETURNING where the server has it (SQLite, MariaDB), else read back by a unique key (MySQL,
// TiDB). Galera's ids are not consecutive, so a mix-up would give one order another's assignment.
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { insertIdsBy } from '../../server/domain/tickets/tickets.repository.ts';
import { toDbTime } from '../../server/lib/db.ts';

describe('ids of rows inserted together', () => {
  for (const mayReturn of [true, false]) {
    const how = mayReturn ? 'RETURNING' : 'read back by the key';
    it(`answers each row its own id, in the rows' order (${how})`, async () => {
      const { services } = await testApp();
      const now = toDbTime(new Date());
      const names = ['丙', '甲', '乙', '丁'].map((n) => `ids-${mayReturn}-${n}-${Date.now()}`);
      const rows = names.map((name) => ({ name, group_name: '区县', created_at: now, updated_at: now }));
      // Rolled back: the rows exist only to be counted here.
      const rolledBack = new Error('rolled back');
      await services.db
        .transaction(async (trx) => {
          const ids = await insertIdsBy(trx, 'departments', rows, 'name', mayReturn);
          expect(new Set(ids).size).to.equal(rows.length);
          for (const [i, id] of ids.entries()) {
            expect((await trx('departments').where({ id }).first()).name).to.equal(names[i]);
          }
          throw rolledBack;
        })
        .catch((err) => {
          if (err !== rolledBack) throw err;
        });
      expect(await services.db('departments').whereIn('name', names).first()).to.equal(undefined);
    });
  }
});
