// 110/119/120/122 linkage (docs/integration.md "110/119/120/122 linkage", docs/rules/figures.md "Calls"): calls
// transferred and counted per partner and day; linked orders sent through the signed-webhook outbox to a real HTTP
// peer and answered with signed status posts; a partner's own order made into one ticket however often it is sent.
import { expect } from 'chai';
import { startPeerServer, type TestPeerServer } from '../helpers/peer-server.ts';
import { createTestPeer, signedPost, type TestPeer } from '../helpers/peers.ts';
import { at, ctiClient, newPhone, ownDay } from '../helpers/calls.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { testApp } from '../helpers/test-app.ts';
import { clock } from '../../server/lib/clock.ts';
import { nextDate } from '../../server/lib/calendar.ts';
import type { Services } from '../../server/services.ts';

describe('110/119/120/122 linkage', () => {
  let h: Hotline;
  let s: Services;
  let baseUrl: string;
  let server: TestPeerServer;
  let p110: TestPeer;
  let p119: TestPeer;

  before(async () => {
    ({ services: s, baseUrl } = await testApp());
    h = await hotline();
    server = await startPeerServer();
    p110 = await createTestPeer(s, { kind: 'linkage', partner: '110', url: server.url });
    p119 = await createTestPeer(s, { kind: 'linkage', partner: '119', url: server.url });
    server.keys.set(p110.keyId, p110.secret);
  });
  after(() => server.close());
  beforeEach(async () => {
    clock.reset();
    server.clear();
    await h.signInAgain();
  });

  const status = (ref: string, body: Record<string, unknown>, key: TestPeer = p110) =>
    signedPost(baseUrl, `/api/v1/linkage/orders/${encodeURIComponent(ref)}/status`, body, key, { header: 'peer' });
  const send = async (partner = '110', over: Record<string, unknown> = {}) => {
    const t = await createTicket(h.operator, over);
    const order = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/linkage`, { partner, reason: '现场有人斗殴' }),
      201,
    );
    return { t, order };
  };

  describe('transferred calls', () => {
    it('counts the transfers per partner and day, in the call figures and the overview', async () => {
      const cti = await ctiClient(h);
      const day = ownDay();
      const next = nextDate(day);
      clock.set(at(nextDate(next), '12:00:00'));
      const calls = [
        { started_at: at(day, '09:00:00'), transferred_to: '110' },
        { started_at: at(day, '09:10:00'), transferred_to: '110' },
        { started_at: at(day, '09:20:00'), transferred_to: '120' },
        { started_at: at(day, '09:30:00') },
        { started_at: at(next, '00:00:01'), transferred_to: '119' },
      ];
      for (const c of calls) {
        await ok(cti.post({ caller_phone: newPhone(), answered: true, wait_s: 4, talk_s: 30, ...c }), 201);
      }
      // The operator's own log of a call put through to 122, from the console.
      const logged = await ok(
        h.operator.post('/api/v1/calls', {
          caller_phone: newPhone(),
          started_at: at(day, '10:00:00'),
          answered: true,
          talk_s: 20,
          transferred_to: '122',
        }),
        201,
      );
      expect(logged.transferred_to).to.equal('122');

      const figures = await ok(h.supervisor.get(`/api/v1/stats/calls?from=${day}&to=${next}`));
      expect(figures.total.transferred).to.equal(5);
      expect(figures.total.transferred_to).to.deep.equal({ '110': 2, '119': 1, '120': 1, '122': 1 });
      const [d1, d2] = figures.days;
      expect([d1.inbound, d1.transferred, d1.transferred_to]).to.deep.equal([
        5,
        4,
        { '110': 2, '119': 0, '120': 1, '122': 1 },
      ]);
      expect([d2.inbound, d2.transferred, d2.transferred_to['119']]).to.deep.equal([1, 1, 1]);

      const overview = await ok(h.supervisor.get(`/api/v1/stats/overview?date=${day}`));
      expect(overview.calls.transferred).to.equal(4);
      expect(overview.calls.transferred_to['110']).to.equal(2);
    });

    it('adds a transfer the telephone system names in a repeated post of the call, once', async () => {
      const cti = await ctiClient(h);
      const c = { caller_phone: newPhone(), started_at: new Date().toISOString(), answered: true, wait_s: 3 };
      const ext = `tr-${Date.now()}`;
      const first = await ok(cti.post({ ...c, talk_s: 10, external_id: ext }), 201);
      expect(first.transferred_to).to.equal(null);
      expect(
        (await ok(cti.post({ ...c, talk_s: 10, external_id: ext, transferred_to: '119' }))).transferred_to,
      ).to.equal('119');
      expect(
        (await ok(cti.post({ ...c, talk_s: 10, external_id: ext, transferred_to: '110' }))).transferred_to,
      ).to.equal('119');
    });

    it('refuses a transfer of a missed call or to anyone else, storing nothing', async () => {
      const cti = await ctiClient(h);
      const phone = newPhone();
      const base = { caller_phone: phone, started_at: new Date().toISOString(), wait_s: 4 };
      const missed = await cti.post({ ...base, answered: false, talk_s: 0, transferred_to: '110' });
      expect(missed.status).to.equal(400);
      expect(missed.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['transferred_to']);
      const other = await cti.post({ ...base, answered: true, talk_s: 9, transferred_to: '999' });
      expect(other.status).to.equal(400);
      const listed = await ok(h.operator.get(`/api/v1/calls?phone=${phone}`));
      expect(listed.total).to.equal(0);
    });
  });

  describe('orders sent to a partner', () => {
    it('queues the order to the partner and delivers it signed, the caller hidden when confidential', async () => {
      const { t, order } = await send('110');
      expect(order).to.include({ direction: 'out', partner: '110', status: 'sent', ref: `LD${t.number}-110-1` });
      expect(order.ticket).to.deep.include({ id: t.id, number: t.number });

      await s.outbox.sendDue();
      const [post] = server.delivered(`linkage:${order.id}`);
      expect(post.valid).to.equal(true);
      expect(post.event).to.equal('linkage.order');
      expect(post.keyId).to.equal(p110.keyId);
      expect(post.json).to.deep.include({
        ref: order.ref,
        partner: '110',
        number: t.number,
        title: t.title,
        reason: '现场有人斗殴',
        caller_phone: '13812341234',
        urgency: 'normal',
      });
      expect(post.json.status_url).to.match(new RegExp(`/api/v1/linkage/orders/${order.ref}/status$`));

      const hidden = await send('110', { confidential: true });
      await s.outbox.sendDue();
      const [secret] = server.delivered(`linkage:${hidden.order.id}`);
      expect(secret.json).to.include({ caller_phone: null, caller_name: null, confidential: true });
    });

    it('answers 409 without a linkage peer for the partner, and for a second open order to it', async () => {
      const t = await createTicket(h.operator);
      const none = await h.operator.post(`/api/v1/tickets/${t.id}/linkage`, { partner: '122', reason: '交通事故' });
      expect(none.status).to.equal(409);
      expect(none.body.error.code).to.equal('LINKAGE_NOT_CONFIGURED');
      expect(none.body.error.message).to.contain('122');
      await ok(h.supervisor.post(`/api/v1/tickets/${t.id}/linkage`, { partner: '119', reason: '疑似火情' }), 201);
      const again = await h.operator.post(`/api/v1/tickets/${t.id}/linkage`, { partner: '119', reason: '再次' });
      expect(again.status).to.equal(409);
      expect(await s.db('linkage_orders').where({ ticket_id: t.id })).to.have.length(1);
      const handler = await h.handler.post(`/api/v1/tickets/${t.id}/linkage`, { partner: '110', reason: 'x' });
      expect(handler.status).to.equal(403);
    });

    it('takes the partner status posts: repeats change nothing, an order out of turn is 409', async () => {
      const { t, order } = await send('110');
      const at1 = '2026-12-05T10:00:00+08:00';
      const early = await status(order.ref, { status: 'handled', at: at1 });
      expect(early.status).to.equal(409);
      expect(early.body.error.code).to.equal('INVALID_TRANSITION');

      const accepted = await status(order.ref, { status: 'accepted', note: '已派警', at: at1 });
      expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
      expect(accepted.body).to.include({ status: 'accepted', note: '已派警' });
      const repeat = await status(order.ref, { status: 'accepted', note: '已派警', at: at1 });
      expect(repeat.status).to.equal(200);
      expect(repeat.body.version).to.equal(accepted.body.version);

      const handled = await status(order.ref, { status: 'handled', note: '已处置完毕', at: at1 });
      expect(handled.body).to.include({ status: 'handled', note: '已处置完毕' });
      // A late resend of an earlier status is a repeat, not an error; a new word after the end is 409.
      expect((await status(order.ref, { status: 'accepted', at: at1 })).status).to.equal(200);
      expect((await status(order.ref, { status: 'declined', at: at1 })).status).to.equal(409);

      const view = await ok(h.operator.get(`/api/v1/tickets/${t.id}`));
      expect(view.linkage.map((l: { ref: string; status: string }) => [l.ref, l.status])).to.deep.equal([
        [order.ref, 'handled'],
      ]);
    });

    it('refuses a status from a bad signature (401), another kind of peer (401) or another partner (403)', async () => {
      const { order } = await send('110');
      const body = { status: 'accepted', at: new Date().toISOString() };
      const bad = await signedPost(baseUrl, `/api/v1/linkage/orders/${order.ref}/status`, body, p110, {
        header: 'peer',
        signature: 'sha256=' + '0'.repeat(64),
      });
      expect(bad.status).to.equal(401);
      const upstream = await createTestPeer(s, { kind: 'upstream' });
      expect((await status(order.ref, body, upstream)).status).to.equal(401);
      expect((await status(order.ref, body, p119)).status).to.equal(403);
      expect((await status('LD-nothing', body)).status).to.equal(404);
      const row = await s.db('linkage_orders').where({ id: order.id }).first();
      expect(row.status).to.equal('sent');
    });

    it('lets one of two concurrent status posts win', async () => {
      const { order } = await send('110');
      const at1 = new Date().toISOString();
      await status(order.ref, { status: 'accepted', at: at1 });
      const answers = await Promise.all([
        status(order.ref, { status: 'handled', at: at1 }),
        status(order.ref, { status: 'declined', at: at1 }),
      ]);
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
      const row = await s.db('linkage_orders').where({ id: order.id }).first();
      const winner = answers.find((a) => a.status === 200)!.body.status;
      expect(row.status).to.equal(winner);
      expect(row.version).to.equal(3);
    });
  });

  describe('orders received from a partner', () => {
    const inbound = (over: Record<string, unknown> = {}) => ({
      external_id: `JJ-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      received_at: new Date().toISOString(),
      title: '邻里噪音纠纷（非警情）',
      description: '110 接警：楼上装修噪音，非警情，转 12345 处理。',
      address: '朝阳区某小区 3 号楼',
      caller_phone: '13900001111',
      ...over,
    });
    const post = (body: unknown, key: TestPeer = p110) =>
      signedPost(baseUrl, '/api/v1/linkage/orders', body, key, { header: 'peer' });

    it('makes one phone ticket waiting in the dispatch queue, fed back to the partner, under resends', async () => {
      const body = inbound();
      const first = await post(body);
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
      expect(first.body).to.include({ direction: 'in', partner: '110', ref: body.external_id, status: 'accepted' });
      const again = await Promise.all([post(body), post(body), post(body)]);
      for (const a of again) {
        expect(a.status).to.equal(200);
        expect(a.body.ticket).to.deep.equal(first.body.ticket);
      }
      const ticketId = first.body.ticket.id;
      const ticket = await s.db('tickets').where({ id: ticketId }).first();
      expect(ticket).to.include({ channel: 'phone', status: 'received', title: body.title });
      expect(Boolean(ticket.peer_feed)).to.equal(true);
      const feeds = await s.db('ticket_feeds').where({ ticket_id: ticketId });
      expect(
        feeds.map((f: { kind: string; ref: string; peer_id: number }) => [f.kind, f.ref, f.peer_id]),
      ).to.deep.equal([['linkage', body.external_id, p110.peer.id]]);
      expect(await s.db('linkage_orders').where({ ref: body.external_id })).to.have.length(1);
      const queue = await ok(h.operator.get('/api/v1/tickets/queue?per_page=100'));
      expect(queue.items.map((i: { id: number }) => i.id)).to.include(ticketId);
      // Its later changes go back to 110 on the ticket's stream (the feed): dispatched, with 110's id and partner.
      const view = await ok(h.operator.get(`/api/v1/tickets/${ticketId}`));
      await ok(
        h.operator.post(`/api/v1/tickets/${ticketId}/dispatch`, { version: view.version, department_id: h.dept.id }),
      );
      await s.outbox.sendDue();
      const [change] = server.delivered(`ticket:${ticketId}`);
      expect(change.valid).to.equal(true);
      expect(change.json).to.include({ upstream_id: body.external_id, partner: '110', status: 'dispatched' });
    });

    it('makes one ticket from concurrent first posts', async () => {
      const body = inbound();
      const answers = await Promise.all([post(body), post(body), post(body)]);
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.ticket.id)).size).to.equal(1);
      const made = await s.db('tickets').where({ title: body.title }).whereIn('id', [answers[0].body.ticket.id]);
      expect(made).to.have.length(1);
    });

    it('refuses a bad signature (401) and a bad body (400), making nothing', async () => {
      const body = inbound();
      const bad = await post(body, { keyId: p110.keyId, secret: 'not-the-secret' } as TestPeer);
      expect(bad.status).to.equal(401);
      const wrong = await post({ ...body, title: '' });
      expect(wrong.status).to.equal(400);
      expect(await s.db('linkage_orders').where({ ref: body.external_id })).to.have.length(0);
    });

    it('lists the linked orders by direction, partner and status; the incoming one follows its ticket', async () => {
      const body = inbound();
      const made = (await post(body)).body;
      const { order } = await send('119');
      const ins = await ok(h.supervisor.get('/api/v1/linkage/orders?direction=in&partner=110'));
      expect(ins.items.map((i: { ref: string }) => i.ref)).to.include(body.external_id);
      expect(ins.items.every((i: { direction: string }) => i.direction === 'in')).to.equal(true);
      const outs = await ok(h.operator.get('/api/v1/linkage/orders?direction=out&partner=119&status=sent'));
      expect(outs.items.map((i: { id: number }) => i.id)).to.include(order.id);

      await s.db('tickets').where({ id: made.ticket.id }).update({ status: 'replied' });
      const replied = await ok(h.operator.get('/api/v1/linkage/orders?direction=in&status=replied'));
      expect(replied.items.map((i: { id: number }) => i.id)).to.deep.equal([made.id]);
      expect((await h.handler.get('/api/v1/linkage/orders')).status).to.equal(403);
      expect((await h.operator.get('/api/v1/linkage/orders?partner=999')).status).to.equal(400);
    });
  });
});
