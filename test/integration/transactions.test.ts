import { expect } from 'chai';
import { onCommit, withTransaction } from '../../server/lib/db.ts';
import { bus, type ChangeMessage } from '../../server/lib/bus.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline } from '../helpers/tickets.ts';

describe('withTransaction', () => {
  it('runs commit hooks only after a commit, never after a rollback', async () => {
    const { services } = await testApp();
    const ran: string[] = [];
    await withTransaction(services.db, async (trx) => {
      onCommit(trx, () => ran.push('committed'));
      // A joined transaction shares the outer one's hooks.
      await withTransaction(trx, async (inner) => {
        onCommit(inner, () => ran.push('inner'));
      });
      expect(ran).to.deep.equal([]);
    });
    expect(ran).to.deep.equal(['committed', 'inner']);
    await withTransaction(services.db, async (trx) => {
      onCommit(trx, () => ran.push('rolled back'));
      throw new Error('abort');
    }).catch(() => undefined);
    expect(ran).to.deep.equal(['committed', 'inner']);
  });

  it('publishes a ticket change once it has committed', async () => {
    const h = await hotline();
    const seen: ChangeMessage[] = [];
    const stop = bus.subscribe((m) => seen.push(m));
    try {
      const t = await createTicket(h.operator);
      await h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id });
      // stale: 409
      await h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id });
      const mine = seen.filter((m) => m.ticket_id === t.id).map((m) => m.action);
      expect(mine).to.deep.equal(['create', 'dispatch']);
    } finally {
      stop();
    }
  });
});
