import { expect } from 'chai';
import { Client } from '../helpers/http.ts';
import { testApp } from '../helpers/test-app.ts';
import { accepted, dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';

/** Every page of the queue (other tests share the service, so their requests are in it too). */
async function everything(api: Client, query: string) {
  const all: any[] = [];
  for (let page = 1; ; page++) {
    const body = await ok(api.get(`/api/v1/requests?${query}&per_page=100&page=${page}`));
    all.push(...body.items);
    if (all.length >= body.total || body.items.length === 0) return { items: all, total: body.total };
  }
}

describe('requests queue', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  describe('GET /requests', () => {
    it('lists pending returns, extensions and suspensions with their tickets, oldest first', async () => {
      const a = await dispatched(h, { title: '退单队列测试' });
      await ok(h.handler.post(`/api/v1/tickets/${a.id}/return`, { version: a.version, reason: '不属于本部门职责' }));
      const b = await accepted(h, { title: '延期队列测试' });
      await ok(
        h.handler.post(`/api/v1/tickets/${b.id}/extension`, { version: b.version, days: 3, reason: '需现场勘查' }),
      );
      const c = await accepted(h, { title: '挂起队列测试' });
      await ok(h.handler.post(`/api/v1/tickets/${c.id}/suspend`, { version: c.version, reason: '等待群众补充材料' }));

      const { items } = await everything(h.supervisor, 'status=pending');
      const mine = items.filter((r) => [a.id, b.id, c.id].includes(r.ticket.id));
      expect(mine.map((r) => [r.kind, r.ticket.id])).to.deep.equal([
        ['return', a.id],
        ['extension', b.id],
        ['suspension', c.id],
      ]);
      const ext = mine[1];
      expect(ext).to.include({
        status: 'pending',
        reason: '需现场勘查',
        days: 3,
        requested_by: h.users.handler.user.id,
        decided_at: null,
      });
      expect(ext.requested_by_name).to.equal(h.users.handler.user.display_name);
      expect(ext.ticket).to.include({
        number: b.number,
        status: 'accepted',
        department_id: h.dept.id,
        title: '延期队列测试',
      });
      // A list masks the caller for everyone, like GET /tickets.
      expect(ext.ticket.caller_phone).to.equal('138****1234');
      const times = items.map((r) => r.created_at);
      expect(times).to.deep.equal([...times].sort());
    });

    it('filters by kind, and a decided request leaves the pending queue for its status', async () => {
      const t = await accepted(h, { title: '延期审批测试' });
      const withRequest = await ok(
        h.handler.post(`/api/v1/tickets/${t.id}/extension`, { version: t.version, days: 2, reason: '节假日影响' }),
      );
      const detail = await ok(h.supervisor.get(`/api/v1/tickets/${withRequest.id}`));
      const requestId = detail.requests[0].id;

      const extensions = await everything(h.supervisor, 'status=pending&kind=extension');
      expect(extensions.items.every((r) => r.kind === 'extension')).to.equal(true);
      expect(extensions.items.some((r) => r.id === requestId)).to.equal(true);

      await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/extensions/${requestId}/decision`, { approve: true }));
      expect((await everything(h.supervisor, 'status=pending')).items.some((r) => r.id === requestId)).to.equal(false);
      const approved = (await everything(h.supervisor, 'status=approved&kind=extension')).items.find(
        (r) => r.id === requestId,
      );
      expect(approved.status).to.equal('approved');
      expect(approved.decided_at).to.be.a('string');
    });

    it('pages with total', async () => {
      for (let i = 0; i < 3; i++) {
        const t = await dispatched(h, { title: `分页测试${i}` });
        await ok(h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: t.version, reason: '分页' }));
      }
      const first = await ok(h.supervisor.get('/api/v1/requests?per_page=2&page=1'));
      expect(first.items).to.have.length(2);
      expect(first).to.include({ page: 1, per_page: 2 });
      expect(first.total).to.be.at.least(3);
      const second = await ok(h.supervisor.get('/api/v1/requests?per_page=2&page=2'));
      expect(second.items[0].id).to.not.equal(first.items[0].id);
    });

    it('answers 403 to operators and handlers, 401 without a session', async () => {
      expect((await h.operator.get('/api/v1/requests')).status).to.equal(403);
      expect((await h.handler.get('/api/v1/requests')).status).to.equal(403);
      const anonymous = new Client((await testApp()).baseUrl);
      expect((await anonymous.get('/api/v1/requests')).status).to.equal(401);
    });

    it('rejects an unknown status, kind or field with every problem and its path', async () => {
      const res = await h.supervisor.get('/api/v1/requests?status=waiting&kind=refund&colour=red');
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: any) => d.path).sort()).to.deep.equal(['colour', 'kind', 'status']);
    });
  });
});
