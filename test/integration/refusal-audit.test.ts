import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { dispatched, hotline, type Hotline } from '../helpers/tickets.ts';
import { ticketInput } from '../helpers/factories.ts';

describe('refused attempts', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  const refusals = async (actorId: number) => {
    const { services } = await testApp();
    return services.db('audit_log').where({ actor_id: actorId, action: 'forbidden' }).orderBy('id');
  };

  it("audits a route closed to the caller's role, with what was attempted", async () => {
    const handlerId = h.users.handler.user.id;
    const before = (await refusals(handlerId)).length;
    expect((await h.handler.get('/api/v1/users')).status).to.equal(403);
    expect((await h.handler.post('/api/v1/tickets', ticketInput())).status).to.equal(403);
    const rows = (await refusals(handlerId)).slice(before);
    expect(rows.map((r: any) => [r.target_type, JSON.parse(r.detail).attempted])).to.deep.equal([
      ['route', 'GET /api/v1/users'],
      ['route', 'POST /api/v1/tickets'],
    ]);
  });

  it('audits a refused ticket action once, against the ticket', async () => {
    const t = await dispatched(h);
    const otherId = h.users.otherHandler.user.id;
    const before = (await refusals(otherId)).length;
    expect((await h.otherHandler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version })).status).to.equal(403);
    const rows = (await refusals(otherId)).slice(before);
    expect(rows.map((r: any) => [r.target_type, r.target_id])).to.deep.equal([['ticket', t.id]]);
  });

  it('writes nothing for a caller without a session (401, nobody to name)', async () => {
    const { services, baseUrl } = await testApp();
    const [{ n: before }] = await services.db('audit_log').count({ n: '*' });
    expect((await fetch(`${baseUrl}/api/v1/users`)).status).to.equal(401);
    const [{ n: after }] = await services.db('audit_log').count({ n: '*' });
    expect(Number(after)).to.equal(Number(before));
  });
});
