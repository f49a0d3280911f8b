import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous } from '../helpers/reviews.ts';

describe('RatingsService.closeUnrated (replied, no rating in 7 days: closed, defaulted 基本满意)', () => {
  let h: Hotline;
  const services = async () => (await testApp()).services;
  const run = async (batchSize?: number) => (await services()).ratings.closeUnrated(clock.now(), batchSize);
  const ratingsOf = async (ticketId: number) => (await services()).db('ratings').where({ ticket_id: ticketId });

  before(async () => {
    h = await hotline();
  });

  it('closes a ticket 7 days after its reply with a defaulted score of 3, once', async () => {
    await h.travel('2032-03-01T10:00:00+08:00');
    const t = await replied(h);
    await h.travel('2032-03-08T09:59:00+08:00');
    await run();
    expect((await ok(h.operator.get(`/api/v1/tickets/${t.id}`))).status).to.equal('replied');
    clock.set('2032-03-08T10:00:01+08:00');
    const result = await run();
    expect(result.closed).to.be.at.least(1);
    await h.signInAgain();
    const detail = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    expect(detail.status).to.equal('closed');
    const event = detail.events.at(-1);
    expect(event).to.include({
      action: 'auto_close',
      actor_role: 'system',
      from_status: 'replied',
      to_status: 'closed',
    });
    expect(event.data).to.include({ defaulted: true, score: 3 });
    const rows = await ratingsOf(t.id);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ score: 3, channel: 'callback', department_id: h.dept.id });
    expect(Boolean(rows[0].defaulted)).to.equal(true);
    const listed = await ok(h.supervisor.get(`/api/v1/ratings?ticket_id=${t.id}`));
    expect(listed.items[0]).to.include({ defaulted: true, level: '基本满意' });
    // Run again (a second instance, a restart): nothing more happens.
    clock.set('2032-03-09T10:00:00+08:00');
    await run();
    expect(await ratingsOf(t.id)).to.have.length(1);
    expect(
      await (await services()).db('ticket_events').where({ ticket_id: t.id, action: 'auto_close' }),
    ).to.have.length(1);
  });

  it('closes without inventing a score when the resident rated through the link', async () => {
    await h.travel('2032-04-01T10:00:00+08:00');
    const t = await replied(h);
    const { token } = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    await ok((await anonymous()).post('/api/v1/public/ratings', { token, score: 5 }), 201);
    clock.set('2032-04-09T00:00:00+08:00');
    await run();
    const rows = await ratingsOf(t.id);
    expect(rows.map((r: any) => [r.channel, r.score, Boolean(r.defaulted)])).to.deep.equal([['qr', 5, false]]);
    const t2 = await (await services()).db('tickets').where({ id: t.id }).first();
    expect(t2.status).to.equal('closed');
  });

  it('leaves tickets closed by a callback, and walks many due tickets in batches', async () => {
    await h.travel('2032-05-03T10:00:00+08:00');
    const called = await replied(h);
    await ok(h.operator.post(`/api/v1/tickets/${called.id}/callback`, { version: called.version, score: 4 }));
    const due = [];
    for (let i = 0; i < 5; i++) due.push(await replied(h));
    clock.set('2032-05-20T10:00:00+08:00');
    const result = await run(2);
    expect(result.closed).to.be.at.least(5);
    const db = (await services()).db;
    const statuses = await db('tickets')
      .whereIn(
        'id',
        due.map((t) => t.id),
      )
      .pluck('status');
    expect(statuses).to.deep.equal(Array(5).fill('closed'));
    const calledRatings = await ratingsOf(called.id);
    expect(calledRatings.map((r: any) => [r.score, Boolean(r.defaulted)])).to.deep.equal([[4, false]]);
    expect((await run(2)).closed).to.equal(0);
  });

  it('skips a ticket an operator acts on meanwhile, and closes the rest', async () => {
    await h.travel('2032-06-01T10:00:00+08:00');
    const a = await replied(h);
    const b = await replied(h);
    clock.set('2032-06-10T10:00:00+08:00');
    await h.signInAgain();
    const [result] = await Promise.all([
      run(),
      h.operator.post(`/api/v1/tickets/${a.id}/callback`, { version: a.version, score: 5 }),
    ]);
    const db = (await services()).db;
    expect(await db('tickets').whereIn('id', [a.id, b.id]).pluck('status')).to.deep.equal(['closed', 'closed']);
    // Whoever came second lost: exactly one rating on a.
    expect(await ratingsOf(a.id)).to.have.length(1);
    expect(result.closed + result.skipped).to.be.at.least(1);
  });
});
