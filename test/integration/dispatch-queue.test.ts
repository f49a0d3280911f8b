import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

// 待派单: orders not yet dispatched, the longest wait first, with the configured time past which a wait is overdue.
// The clock stands in 2020, before any other suite's orders, so this suite's orders lead the queue.
describe('dispatch queue (待派单)', () => {
  let h: Hotline;
  before(async function () {
    this.timeout(120_000); // the first suite of a run starts the service and migrates its database
    h = await hotline();
  });

  /** Every page of the queue, as an operator scrolling it would read it. */
  async function wholeQueue() {
    const first = await ok(h.operator.get('/api/v1/tickets/queue?per_page=100&page=1'));
    const items = [...first.items];
    for (let page = 2; items.length < first.total; page++)
      items.push(...(await ok(h.operator.get(`/api/v1/tickets/queue?per_page=100&page=${page}`))).items);
    return { ...first, items };
  }

  it(
    'lists waiting orders oldest first with their wait, ' + 'and counts those waiting past the configured time',
    async () => {
      const { services } = await testApp();
      const warn = services.config.intake.dispatchWaitWarnMinutes;
      await h.travel('2020-06-01T09:00:00+08:00');
      const first = await createTicket(h.operator, { channel: 'web', title: '最早的网上留言' });
      await h.travel('2020-06-01T09:20:00+08:00');
      const second = await createTicket(h.operator, { title: '仅登记的来电' });
      const gone = await createTicket(h.operator, { title: '已派出的工单' });
      await ok(
        h.operator.post(`/api/v1/tickets/${gone.id}/dispatch`, { version: gone.version, department_id: h.dept.id }),
      );
      // 09:00 + warn + 5 minutes: the first has waited past the setting, the second (20 minutes later) not yet.
      await h.travel(new Date(Date.parse('2020-06-01T09:05:00+08:00') + warn * 60_000).toISOString());

      const q = await wholeQueue();
      expect(q.warn_after_minutes).to.equal(warn);
      // Other suites' orders share the queue: this suite's two come in the order they began to wait.
      const ids = q.items.map((x: any) => x.id);
      expect(ids).to.include.members([first.id, second.id]);
      expect(ids.indexOf(first.id)).to.be.below(ids.indexOf(second.id));
      expect(ids).to.not.include(gone.id);
      const waits = q.items.map((x: any) => Date.parse(x.waiting_since));
      expect(waits).to.deep.equal([...waits].sort((a, b) => a - b));
      expect(q.items.find((x: any) => x.id === first.id)).to.include({
        waited_minutes: warn + 5,
        overdue: true,
        waiting_since: first.created_at,
        caller_phone: '138****1234',
      });
      expect(q.items.find((x: any) => x.id === second.id)).to.include({ waited_minutes: warn - 15, overdue: false });
      expect(q.total).to.equal(q.items.length);
      expect(q.overdue).to.equal(q.items.filter((x: any) => x.overdue).length);
    },
  );

  it('restarts the wait of an order the department returned', async () => {
    await h.travel('2020-06-02T09:00:00+08:00');
    const t = await createTicket(h.operator, { title: '被退回的工单' });
    const d = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }),
    );
    await h.travel('2020-06-02T10:00:00+08:00');
    await ok(h.handler.post(`/api/v1/tickets/${t.id}/return`, { version: d.version, reason: '不属于本单位职责' }));
    const requests = await ok(h.supervisor.get('/api/v1/requests?kind=return&per_page=100'));
    const request = requests.items.find((r: any) => r.ticket.id === t.id);
    await h.travel('2020-06-02T11:00:00+08:00');
    await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/returns/${request.id}/decision`, { approve: true }));
    await h.travel('2020-06-02T11:10:00+08:00');
    const q = await wholeQueue();
    const back = q.items.find((x: any) => x.id === t.id);
    expect(back).to.include({ waiting_since: new Date('2020-06-02T11:00:00+08:00').toISOString(), waited_minutes: 10 });
  });

  it('is not for handlers, and refuses unknown parameters', async () => {
    await h.signInAgain();
    expect((await h.handler.get('/api/v1/tickets/queue')).status).to.equal(403);
    expect((await h.operator.get('/api/v1/tickets/queue?status=closed')).status).to.equal(400);
  });
});
