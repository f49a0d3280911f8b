// The three rates (响应率, 解决率, 满意率) and the callback rate (回访率), counted by hand for a small city and read
// back from GET /stats/departments, the report's CSV, the dashboard's overview and stats/verify
// (docs/rules/figures.md).
import { expect } from 'chai';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { createTicket } from '../helpers/tickets.ts';
import { anonymous } from '../helpers/reviews.ts';

describe('the three rates and the callback rate, counted by hand', () => {
  let h: Hotline;
  const at = (moment: string) => h.travel(`${moment}+08:00`);
  type T = { id: number; version: number };
  const act = (api: Hotline['handler'], t: T, action: string, body: Record<string, unknown> = {}) =>
    ok(api.post(`/api/v1/tickets/${t.id}/${action}`, { version: t.version, ...body }));
  const dispatch = async () => {
    const t = await createTicket(h.operator);
    return act(h.operator, t, 'dispatch', { department_id: h.dept.id });
  };
  const reply = (t: T) => act(h.handler, t, 'reply', { resolution: '已到现场处理并答复来电人。' });

  before(async () => {
    h = await hotline();
  });

  it('counts response, resolution, satisfaction and callback rates the same in every figure', async () => {
    // Monday 5 March 2035: six orders dispatched to one department.
    await at('2035-03-05T09:00:00');
    let a = await dispatch();
    let b = await dispatch();
    let c = await dispatch();
    const e = await dispatch();
    let f = await dispatch();
    let g = await dispatch();
    // A: reached by phone at once (before the sign-for deadline), signed, replied.
    a = await act(h.handler, a, 'contact', { means: 'phone', outcome: 'reached' });
    a = await reply(await act(h.handler, a, 'sign'));
    // B: a text that reached nobody (not a contact), signed; reached later, after its sign-for deadline.
    b = await act(h.handler, b, 'contact', { means: 'sms', outcome: 'unreachable' });
    b = await act(h.handler, b, 'sign');
    // C, F and G: signed and replied without a contact; E: signed only.
    c = await reply(await act(h.handler, c, 'sign'));
    f = await reply(await act(h.handler, f, 'sign'));
    g = await reply(await act(h.handler, g, 'sign'));
    await act(h.handler, e, 'sign');

    // Thursday: B reached by a visit (late), replied; the callbacks and the resident's own rating.
    await at('2035-03-08T10:00:00');
    b = await act(h.handler, b, 'contact', { means: 'visit' });
    b = await reply(b);
    await act(h.operator, a, 'callback', { contacted: true, solved: 'yes', score: 5 });
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${b.id}/rating-link`));
    await ok((await anonymous()).post('/api/v1/public/ratings', { token, score: 4 }), 201);
    b = await ok(h.operator.get(`/api/v1/tickets/${b.id}`));
    await act(h.operator, b, 'callback', { contacted: true, solved: 'partly' });
    // C: not solved, a bad review: the order is reopened (a new assignment, received, not contacted).
    await act(h.operator, c, 'callback', { contacted: false, solved: 'no', score: 2, reason: '问题依旧' });
    // G: the callback could not ask "solved?" (the older form): followed up, not in the resolution rate.
    await act(h.operator, g, 'callback', { score: 3 });
    // F: replied, never followed up.

    // By hand: received 7 (A B C E F G and C's reopening); contacted by the sign-for deadline: A → 1/7.
    // Callbacks that asked "solved?": A yes, B partly, C no → (2 + 1 + 0) / (2 × 3) = 1/2.
    // Ratings: A 5, B 4 (the resident's), C 2, G 3 → 3/4. Replied A B C F G (5); followed up A B C G → 4/5.
    const [row] = await ok(
      h.supervisor.get(`/api/v1/stats/departments?from=2035-03-05&to=2035-03-08&department_id=${h.dept.id}`),
    );
    expect(row.received).to.equal(7);
    expect(row.response_rate).to.be.closeTo(1 / 7, 1e-9);
    expect(row.resolution_rate).to.be.closeTo(1 / 2, 1e-9);
    expect(row.satisfaction_rate).to.be.closeTo(3 / 4, 1e-9);
    expect(row.callback_rate).to.be.closeTo(4 / 5, 1e-9);
    const report = await ok(
      h.supervisor.get(`/api/v1/reports/departments?from=2035-03-05&to=2035-03-08&department_id=${h.dept.id}`),
    );
    expect(report.departments[0].counts).to.include({
      followed: 4,
      solved_asked: 3,
      solved_halves: 3,
      contacted_timely: 1,
    });
    expect(report.departments[0]).to.include({ callback_rate: row.callback_rate, resolution_rate: 0.5 });

    // The drill-downs open the orders behind them: six not reached in time, F not followed up.
    const drill = (figure: string) =>
      ok(
        h.supervisor.get(
          `/api/v1/stats/departments/${h.dept.id}/tickets?from=2035-03-05&to=2035-03-08&figure=${figure}`,
        ),
      );
    const notContacted = await drill('not_contacted');
    expect([notContacted.total, notContacted.items.length]).to.deep.equal([6, 6]);
    expect(notContacted.items.map((i: { ticket_id: number }) => i.ticket_id)).to.not.include(a.id);
    const notFollowed = await drill('not_followed');
    expect(notFollowed.items.map((i: { ticket_id: number }) => i.ticket_id)).to.deep.equal([f.id]);
    expect(notFollowed.total).to.equal(1);

    // The report's CSV says the same, under its Chinese headers.
    const res = await fetch(`${h.supervisor.baseUrl}/api/v1/reports/departments.csv?month=2035-03`, {
      headers: { authorization: `Bearer ${h.supervisor.token}` },
    });
    const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0]!.split(',');
    const mine = lines.find((l) => l.startsWith(`${h.dept.name},`))!.split(',');
    const cell = (name: string) => mine[header.indexOf(name)];
    expect([cell('受理量'), cell('响应率'), cell('解决率'), cell('满意率'), cell('回访率')]).to.deep.equal([
      '7',
      '14.3%',
      '50.0%',
      '75.0%',
      '80.0%',
    ]);

    // A department with nothing to count shows "—" (null), never 0% or 100%.
    const [other] = await ok(
      h.supervisor.get(`/api/v1/stats/departments?from=2035-03-05&to=2035-03-08&department_id=${h.other.id}`),
    );
    expect(other).to.include({ response_rate: null, resolution_rate: null, callback_rate: null });

    // The dashboard carries the city's month; the counters agree with a recount from the records.
    const dashboard = await ok(h.supervisor.get('/api/v1/dashboard'));
    expect(dashboard.month_rates).to.have.keys([
      'response_rate',
      'resolution_rate',
      'satisfaction_rate',
      'callback_rate',
    ]);
    expect(dashboard.month_rates.resolution_rate).to.be.a('number');
    expect(await ok(h.admin.get('/api/v1/stats/verify'))).to.deep.equal({ consistent: true, diffs: [] });
  });

  it("counts an order followed up once: the resident's rating, then the callback", async () => {
    await at('2035-04-02T09:00:00');
    let t = await act(h.handler, await dispatch(), 'sign');
    t = await reply(t);
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    await ok((await anonymous()).post('/api/v1/public/ratings', { token, score: 5 }), 201);
    t = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    await act(h.operator, t, 'callback', { contacted: true, solved: 'yes' });
    const [row] = await ok(
      h.supervisor.get(`/api/v1/stats/departments?from=2035-04-02&to=2035-04-02&department_id=${h.dept.id}`),
    );
    expect(row).to.include({ received: 1, callback_rate: 1, resolution_rate: 1, response_rate: 0 });
    expect(await ok(h.admin.get('/api/v1/stats/verify'))).to.deep.equal({ consistent: true, diffs: [] });
  });
});
