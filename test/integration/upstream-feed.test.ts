// The status feed (docs/integration.md "Status back to the upstream"): every later change of a ticket an upstream or a
// linkage partner sent is queued in the change's transaction, one message per feed on the stream ticket:<id>, and
// reaches the peer in order, signed, exactly once, also after an hour's outage. Tickets without a feed cost nothing.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { toDbTime } from '../../server/lib/db.ts';
import { ticketFeed } from '../../server/domain/peers/ticket-feed.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTestPeer, type TestPeer } from '../helpers/peers.ts';
import { startPeerServer, type TestPeerServer } from '../helpers/peer-server.ts';
import { anonymous } from '../helpers/reviews.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';

describe('status back to the upstream (ticket feeds)', () => {
  let h: Hotline;
  const services = async () => (await testApp()).services;
  const db = async () => (await services()).db;

  /** What B's and E's routes do in the creating transaction: a feed row and the ticket's mark. */
  async function feed(ticketId: number, p: TestPeer, ref: string, kind: 'upstream' | 'linkage' = 'upstream') {
    const k = await db();
    const now = toDbTime(clock.now());
    await k('ticket_feeds').insert({ ticket_id: ticketId, peer_id: p.peer.id, kind, ref, created_at: now });
    await k('tickets').where({ id: ticketId }).update({ peer_feed: true });
  }

  async function fedTicket(p: TestPeer, ref = `UP-${Date.now()}-${Math.random()}`) {
    const t = await createTicket(h.operator);
    await feed(t.id, p, ref);
    return { ...t, ref };
  }

  const queued = async (ticketId: number) =>
    (
      await (
        await db()
      )('outbox')
        .where({ kind: 'webhook', stream: `ticket:${ticketId}` })
        .orderBy('id')
    ).map((m: any) => ({ ...m, payload: JSON.parse(m.body) }));

  const dispatch = (t: any) =>
    ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }));
  const sign = (t: any) => ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
  const reply = (t: any, resolution = '已协调施工单位停止夜间施工。') =>
    ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution }));

  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('queues dispatched, signed, replied, rated, closed in that order with the payloads of the contract', async () => {
    const up = await createTestPeer(await services(), { kind: 'upstream' });
    const t = await fedTicket(up);
    const r = await reply(await sign(await dispatch(t)));
    // The resident rates through the reply's link (a timeline note), then the callback closes without a score.
    const link = await ok(h.operator.get(`/api/v1/tickets/${t.id}/rating-link`));
    await ok((await anonymous()).post('/api/v1/public/ratings', { token: link.token, score: 4, comment: '及时' }), 201);
    const closed = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: r.version, contacted: true, solved: 'yes' }),
    );
    expect(closed.status).to.equal('closed');

    const rows = await queued(t.id);
    expect(rows.map((m) => m.payload.event)).to.deep.equal(['dispatched', 'signed', 'replied', 'rated', 'closed']);
    expect(rows.map((m) => m.subject)).to.deep.equal(rows.map((m) => `ticket.${m.payload.event}`));
    expect(rows.map((m) => m.payload.status)).to.deep.equal(['dispatched', 'accepted', 'replied', 'replied', 'closed']);
    for (const m of rows) {
      expect(m).to.include({ peer_id: up.peer.id, recipient: up.peer.code, status: 'pending' });
      expect(m.payload).to.include({ upstream_id: t.ref, number: t.number });
      expect(m.payload.at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
      expect(m.payload.department).to.deep.equal({ id: h.dept.id, name: h.dept.name });
      expect(m.payload).to.not.have.property('partner');
      // Never the resident's link or query code.
      expect(m.body).to.not.include(link.token);
    }
    expect(rows[2].payload.reply).to.equal('已协调施工单位停止夜间施工。');
    expect(rows[3].payload.rating).to.deep.equal({ score: 4, at: rows[3].payload.at });
    expect(rows.filter((m) => 'reply' in m.payload)).to.have.length(1);
    expect(rows.filter((m) => 'rating' in m.payload)).to.have.length(1);
    const code = (await (await db())('tickets').where({ id: t.id }).first('query_code')).query_code;
    if (code) for (const m of rows) expect(m.body).to.not.include(`"${code}"`);
  });

  it("queues a callback's score as rated before closed, and a bad one as rated before reopened", async () => {
    const up = await createTestPeer(await services(), { kind: 'upstream' });
    const t = await fedTicket(up);
    const r = await reply(await sign(await dispatch(t)));
    const body = { version: r.version, contacted: true, solved: 'no', score: 1, reason: '没解决' };
    expect((await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, body))).status).to.equal('dispatched');
    const rows = await queued(t.id);
    expect(rows.slice(3).map((m) => [m.payload.event, m.payload.status])).to.deep.equal([
      ['rated', 'replied'],
      ['reopened', 'dispatched'],
    ]);
    expect(rows[3].payload.rating.score).to.equal(1);
  });

  it('queues nothing for a ticket without a feed', async () => {
    await createTestPeer(await services(), { kind: 'upstream' });
    const t = await createTicket(h.operator);
    await reply(await sign(await dispatch(t)));
    expect(await queued(t.id)).to.have.length(0);
  });

  it('queues nothing for a change refused as a version conflict, one message for the one that won', async () => {
    const up = await createTestPeer(await services(), { kind: 'upstream' });
    const t = await dispatch(await fedTicket(up));
    const stale = await h.operator.post(`/api/v1/tickets/${t.id}/recall`, { version: t.version - 1 });
    expect(stale.status).to.equal(409);
    // Two signs of one version at once: one wins, the other's transaction rolls back with whatever it queued.
    const both = await Promise.all([
      h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }),
      h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }),
    ]);
    expect(both.map((x) => x.status).sort()).to.deep.equal([200, 409]);
    expect((await queued(t.id)).map((m) => m.payload.event)).to.deep.equal(['dispatched', 'signed']);
  });

  it('posts to every feed of a ticket: the upstream, and a linkage partner with its partner code', async () => {
    const up = await createTestPeer(await services(), { kind: 'upstream' });
    const police = await createTestPeer(await services(), { kind: 'linkage', partner: '110' });
    const t = await fedTicket(up);
    await feed(t.id, police, 'JJ-110-0042', 'linkage');
    await sign(await dispatch(t));
    const rows = await queued(t.id);
    const of = (p: TestPeer) => rows.filter((m) => m.peer_id === p.peer.id).map((m) => m.payload);
    expect(of(up).map((p) => p.event)).to.deep.equal(['dispatched', 'signed']);
    expect(of(police).map((p) => p.event)).to.deep.equal(['dispatched', 'signed']);
    expect(of(police)[0]).to.include({ upstream_id: 'JJ-110-0042', partner: '110' });
    expect(of(up)[0]).to.include({ upstream_id: t.ref }).and.not.have.property('partner');
    // Each message once per cause: their keys differ per peer and per change.
    expect(new Set(rows.map((m) => m.dedupe_key)).size).to.equal(4);
  });

  it('shows the feeds on the ticket with their messages delivered, pending and failing', async () => {
    const up = await createTestPeer(await services(), { kind: 'upstream', name: '省12345平台' });
    const f = await fedTicket(up);
    const t = { ...(await dispatch(f)), ref: f.ref };
    const view = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
    expect(view.feeds).to.deep.equal([
      { peer_code: up.peer.code, peer_name: '省12345平台', kind: 'upstream', ref: t.ref, ...counts(0, 1, 0) },
    ]);
    const plain = await ok(h.operator.get(`/api/v1/tickets/${(await createTicket(h.operator)).id}`));
    expect(plain.feeds).to.deep.equal([]);
  });

  it('costs an unfed ticket nothing: its dispatch runs the same statements with the feed switched off', async () => {
    const k = await db();
    const count = async (fn: () => Promise<unknown>) => {
      let n = 0;
      // The calendar refreshes its cache every few seconds, whenever a request needs it: not the dispatch's cost.
      const on = (q: { sql: string }) => void (/calendar_(years|overrides)/.test(q.sql) || n++);
      k.on('query', on);
      try {
        await fn();
      } finally {
        k.removeListener('query', on);
      }
      return n;
    };
    const a = await createTicket(h.operator);
    const b = await createTicket(h.operator);
    const withHook = await count(() => dispatch(a));
    const { changed, noted } = ticketFeed;
    let called = 0;
    ticketFeed.changed = async () => void called++;
    ticketFeed.noted = async () => void called++;
    let withoutHook: number;
    try {
      withoutHook = await count(() => dispatch(b));
    } finally {
      Object.assign(ticketFeed, { changed, noted });
    }
    expect(called).to.equal(0);
    expect(withHook).to.equal(withoutHook);
    // The counter sees the feed's statements when there is a feed.
    const up = await createTestPeer(await services(), { kind: 'upstream' });
    const fed = await fedTicket(up);
    expect(await count(() => dispatch(fed))).to.be.greaterThan(withHook);
  });

  describe('end to end with an upstream that goes down for an hour', () => {
    let peer: TestPeerServer;
    afterEach(async () => {
      clock.reset();
      await peer?.close();
    });

    it('receives every change in order with valid signatures, exactly once, also after the outage', async () => {
      const s = await services();
      const up = await createTestPeer(s, { kind: 'upstream' });
      peer = await startPeerServer({ [up.keyId]: up.secret });
      await (await db())('peers').where({ id: up.peer.id }).update({ url: peer.url });
      const t = await fedTicket(up);
      const stream = `ticket:${t.id}`;
      const d = await dispatch(t);
      await s.outbox.sendDue();
      expect(peer.delivered(stream).map((p) => p.json.event)).to.deep.equal(['dispatched']);

      // The upstream goes down; the order moves on meanwhile; the sender keeps trying through the hour.
      peer.down();
      const start = clock.now().getTime();
      clock.set(new Date(start));
      const r = await reply(await sign(d));
      for (let m = 0; m <= 60; m += 5) {
        clock.set(new Date(start + m * 60_000));
        await s.outbox.sendDue();
      }
      expect(peer.delivered(stream)).to.have.length(1);
      expect(peer.posts.filter((p) => p.stream === stream && p.answer === 503).length).to.be.greaterThan(1);
      await h.signInAgain();
      const view = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(view.feeds[0]).to.include({ delivered: 1 });
      expect(view.feeds[0].pending + view.feeds[0].failing).to.equal(2);

      // Back up: what waited arrives in order, then what happens next.
      peer.up();
      await h.signInAgain();
      const body = { version: r.version, contacted: true, solved: 'yes', score: 5 };
      await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, body));
      for (let m = 61; m <= 180; m += 10) {
        clock.set(new Date(start + m * 60_000));
        await s.outbox.sendDue();
      }
      const got = peer.delivered(stream);
      expect(got.map((p) => p.json.event)).to.deep.equal(['dispatched', 'signed', 'replied', 'rated', 'closed']);
      for (const p of got) {
        expect(p.valid, p.raw).to.equal(true);
        expect(p.keyId).to.equal(up.keyId);
        expect(p.event).to.equal(`ticket.${p.json.event}`);
        expect(p.json.upstream_id).to.equal(t.ref);
      }
      // Exactly once: one delivery id each, every row sent.
      expect(new Set(got.map((p) => p.delivery)).size).to.equal(5);
      const rows = await queued(t.id);
      expect(rows.map((m) => m.status)).to.deep.equal(['sent', 'sent', 'sent', 'sent', 'sent']);
      await h.signInAgain();
      const after = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(after.feeds[0]).to.include({ delivered: 5, pending: 0, failing: 0 });
    });
  });
});

function counts(delivered: number, pending: number, failing: number) {
  return { delivered, pending, failing };
}
