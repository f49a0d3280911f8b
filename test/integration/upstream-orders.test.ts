import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { testApp, type TestApp } from '../helpers/test-app.ts';
import { hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { makeCategory } from '../helpers/factories.ts';
import { createTestPeer, signedPost, type TestPeer } from '../helpers/peers.ts';
import { signBody } from '../../server/domain/peers/peer-signing.ts';
import { peersRepository } from '../../server/domain/peers/peers.repository.ts';
import { fromDbTime, toDbTime } from '../../server/lib/db.ts';
import { clock } from '../../server/lib/clock.ts';

// Orders an upstream platform (上级平台) sends down (docs/integration.md "Orders from an upstream"): signed over the
// raw body, idempotent on the upstream's id, waiting in 待派单 as channel `upstream`, due by the upstream's deadline
// when it is sooner than the rules'. The clock stands on Monday 2 March 2026 (a working week).
const PATH = '/api/v1/upstream/orders';
const MONDAY_9 = '2026-03-02T09:00:00+08:00';

describe('orders from an upstream platform (POST /upstream/orders)', () => {
  let app: TestApp;
  let h: Hotline;
  let up: TestPeer;
  let seq = 0;

  before(async () => {
    app = await testApp();
    h = await hotline();
    up = await createTestPeer(app.services, { kind: 'upstream', name: '省12345平台' });
  });
  beforeEach(async () => {
    clock.set(MONDAY_9);
    await h.signInAgain();
  });
  after(() => clock.reset());

  const order = (over: Record<string, unknown> = {}) => ({
    upstream_id: `SJ-${process.pid}-${++seq}-${randomBytes(3).toString('hex')}`,
    received_at: '2026-03-02T08:30:00+08:00',
    type: 'complaint',
    title: `上级转办：小区夜间施工扰民 ${seq}`,
    description: '市民反映小区旁工地每晚施工至凌晨，噪音扰民。',
    ...over,
  });
  const post = (body: unknown, key: { keyId: string; secret: string } = up, opts = {}) =>
    signedPost(app.baseUrl, PATH, body, key, opts);
  const db = () => app.services.db;
  /** An operator's own phone order of the same type, the rules' deadlines to compare with. */
  const ticketFields = () => ({
    channel: 'phone',
    type: 'complaint',
    title: '来电：施工扰民',
    description: '工地夜间施工。',
  });

  const count = async (table: string, where: Record<string, unknown> = {}) =>
    Number((await db()(table).where(where).count({ n: '*' }).first())!.n);
  /** Nothing of the order was stored: no upstream order, no ticket of its title. */
  async function nothingStored(body: { upstream_id: string; title: string }) {
    expect(await count('upstream_orders', { upstream_id: body.upstream_id })).to.equal(0);
    expect(await count('tickets', { title: body.title })).to.equal(0);
  }

  it('creates a ticket of channel upstream in 待派单 with the caller, address, ids, deadline and a feed', async () => {
    const body = order({
      address: '东城区南竹竿胡同22号',
      area_code: '110101',
      caller_name: '王女士',
      caller_phone: '+86 138-0013-8000',
      confidential: true,
      due_at: '2026-03-06T17:00:00+08:00',
      category_code: 'NO-SUCH-CODE',
    });
    const res = await post(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.have.all.keys('id', 'number');
    const t = await ok(h.operator.get(`/api/v1/tickets/${res.body.id}`));
    expect(t).to.include({
      number: res.body.number,
      channel: 'upstream',
      status: 'received',
      type: 'complaint',
      title: body.title,
      address: '东城区南竹竿胡同22号',
      caller_name: '王女士',
      caller_phone: '13800138000',
      confidential: true,
      // An item code no category carries: kept with the order, the ticket left for the operator to categorise.
      category_id: null,
    });
    expect(t.upstream).to.deep.equal({
      peer_code: up.peer.code,
      peer_name: '省12345平台',
      upstream_id: body.upstream_id,
      received_at: '2026-03-02T00:30:00.000Z',
      due_at: '2026-03-06T09:00:00.000Z',
      category_code: 'NO-SUCH-CODE',
      area_code: '110101',
    });
    expect(t.events[0]).to.include({ action: 'create' });
    const queue = await ok(h.operator.get('/api/v1/tickets/queue?per_page=100'));
    const queued = queue.items.find((x: any) => x.id === res.body.id);
    expect(queued.upstream).to.include({ peer_name: '省12345平台', upstream_id: body.upstream_id });
    const feed = await db()('ticket_feeds').where({ ticket_id: res.body.id });
    expect(feed).to.have.length(1);
    expect(feed[0]).to.include({ peer_id: up.peer.id, kind: 'upstream', ref: body.upstream_id });
    const row = await db()('tickets').where({ id: res.body.id }).first();
    expect(Boolean(row.peer_feed)).to.equal(true);
    // An ordinary ticket has no origin.
    const plain = await ok(h.operator.post('/api/v1/tickets', ticketFields()), 201);
    expect((await ok(h.operator.get(`/api/v1/tickets/${plain.id}`))).upstream).to.equal(null);
  });

  it('answers a resend with 200 and the same order, without a second ticket', async () => {
    const body = order();
    const first = await post(body);
    expect(first.status).to.equal(201);
    // A resend may differ (a retry built anew): the first order stands.
    const again = await post({ ...body, title: '改过的标题' });
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal(first.body);
    expect(await count('upstream_orders', { upstream_id: body.upstream_id })).to.equal(1);
    expect(await count('tickets', { title: '改过的标题' })).to.equal(0);
  });

  it('makes exactly one ticket of concurrent identical posts', async () => {
    const body = order();
    const before = await count('tickets', { channel: 'upstream' });
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(body)));
    expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).to.equal(1);
    expect(await count('upstream_orders', { upstream_id: body.upstream_id })).to.equal(1);
    expect(await count('tickets', { channel: 'upstream' })).to.equal(before + 1);
    expect(await count('ticket_feeds', { ref: body.upstream_id })).to.equal(1);
  });

  it('keeps two upstreams apart: the same upstream_id from each is two orders', async () => {
    const other = await createTestPeer(app.services, { kind: 'upstream' });
    const body = order();
    const a = await post(body);
    const b = await post(body, other);
    expect([a.status, b.status]).to.deep.equal([201, 201]);
    expect(a.body.id).to.not.equal(b.body.id);
    const t = await ok(h.operator.get(`/api/v1/tickets/${b.body.id}`));
    expect(t.upstream.peer_code).to.equal(other.peer.code);
  });

  describe('refuses 401, storing nothing', () => {
    const raw = async (body: unknown, headers: Record<string, string>) => {
      const res = await fetch(app.baseUrl + PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    it('a bad signature, an unknown key, missing headers, a body altered after signing', async () => {
      const body = order();
      const text = JSON.stringify(body);
      const attempts = [
        await post(body, up, { signature: signBody('another secret', text) }),
        await post(body, up, { signature: 'sha256=' }),
        await post(body, { keyId: 'pk_unknown', secret: up.secret }),
        await raw(body, {}),
        await raw(body, { 'x-upstream-key': up.keyId }),
        await raw(body, { 'x-upstream-signature': signBody(up.secret, text) }),
        // Signed, then a field changed on the way.
        await raw(
          { ...body, title: '被篡改的标题' },
          { 'x-upstream-key': up.keyId, 'x-upstream-signature': signBody(up.secret, text) },
        ),
        // Signed over other bytes of the same object (a re-serialised body is not the body signed).
        await raw(body, {
          'x-upstream-key': up.keyId,
          'x-upstream-signature': signBody(up.secret, JSON.stringify(body, null, 2)),
        }),
      ];
      for (const a of attempts) {
        expect(a.status, JSON.stringify(a.body)).to.equal(401);
        expect(a.body.error).to.include({ code: 'UNAUTHENTICATED', key: 'peers.badSignature' });
      }
      await nothingStored(body);
      expect(await count('tickets', { title: '被篡改的标题' })).to.equal(0);
    });

    it("a key of a peer of another kind, and an inactive upstream's key", async () => {
      const ratings = await createTestPeer(app.services, { kind: 'province_ratings' });
      const body = order();
      expect((await post(body, ratings)).status).to.equal(401);
      const off = await createTestPeer(app.services, { kind: 'upstream' });
      await db()('peers').where({ id: off.peer.id }).update({ active: false });
      expect((await post(body, off)).status).to.equal(401);
      await nothingStored(body);
      // Switched on again, the same key is accepted.
      await db()('peers').where({ id: off.peer.id }).update({ active: true });
      expect((await post(body, off)).status).to.equal(201);
    });

    it('a rotated key after its not_after; until then both keys are accepted', async () => {
      const peer = await createTestPeer(app.services, { kind: 'upstream' });
      const newKey = { keyId: `pk_${randomBytes(8).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
      await peersRepository.insertKey(db(), {
        peer_id: peer.peer.id,
        key_id: newKey.keyId,
        secret_sealed: app.services.sealer.seal(newKey.secret),
        not_after: null,
        created_by: null,
        created_at: toDbTime(clock.now()),
      });
      await db()('peer_keys')
        .where({ key_id: peer.keyId })
        .update({ not_after: toDbTime(new Date('2026-03-02T10:00:00+08:00')) });
      expect((await post(order(), peer)).status).to.equal(201);
      expect((await post(order(), newKey)).status).to.equal(201);
      clock.set('2026-03-02T10:00:01+08:00');
      const late = order();
      expect((await post(late, peer)).status).to.equal(401);
      await nothingStored(late);
      expect((await post(late, newKey)).status).to.equal(201);
    });
  });

  describe('refuses what it cannot read or accept, storing nothing', () => {
    it('a body that is not JSON: 415, whatever its signature', async () => {
      const body = 'upstream_id=X-1&title=t';
      const res = await fetch(app.baseUrl + PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-upstream-key': up.keyId,
          'x-upstream-signature': signBody(up.secret, body),
        },
        body,
      });
      expect(res.status).to.equal(415);
      const answer = (await res.json()) as any;
      expect(answer.error).to.include({ code: 'UNSUPPORTED_MEDIA_TYPE', key: 'peers.notJson' });
      const text = await post('hello', up, { headers: { 'content-type': 'text/plain' } });
      expect(text.status).to.equal(415);
    });

    it('malformed JSON: 400', async () => {
      const res = await post('{"upstream_id": "SJ-broken", ', up);
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(await count('upstream_orders', { upstream_id: 'SJ-broken' })).to.equal(0);
    });

    it('a body over 256 kB: 413', async () => {
      const body = order({ description: '噪'.repeat(100_000) });
      const res = await post(body);
      expect(res.status).to.equal(413);
      expect(res.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
      await nothingStored(body);
    });

    it('invalid fields: 400 with each field path', async () => {
      const body = order({
        type: 'rectification',
        title: ' ',
        received_at: 'yesterday',
        caller_phone: 'not a phone',
        confidential: 'yes',
        extra: 1,
      });
      delete (body as Record<string, unknown>).description;
      const res = await post(body);
      expect(res.status).to.equal(400);
      const paths = res.body.error.details.map((d: any) => d.path).sort();
      expect(paths).to.deep.equal(
        ['caller_phone', 'confidential', 'description', 'extra', 'received_at', 'title', 'type'].sort(),
      );
      await nothingStored(body);
      expect((await post([body])).status).to.equal(400);
    });

    it('a received_at in the future, a due_at before received_at: 400', async () => {
      const future = order({ received_at: '2026-03-02T12:00:00+08:00' });
      const res = await post(future);
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: any) => [d.path, d.key])).to.deep.equal([
        ['received_at', 'upstream.receivedInFuture'],
      ]);
      await nothingStored(future);
      const backwards = order({ due_at: '2026-03-01T17:00:00+08:00' });
      const res2 = await post(backwards);
      expect(res2.status).to.equal(400);
      expect(res2.body.error.details.map((d: any) => d.path)).to.deep.equal(['due_at']);
      await nothingStored(backwards);
    });
  });

  describe("the upstream's deadline at dispatch", () => {
    async function dispatch(id: number) {
      const t = await ok(h.operator.get(`/api/v1/tickets/${id}`));
      return ok(h.operator.post(`/api/v1/tickets/${id}/dispatch`, { version: t.version, department_id: h.dept.id }));
    }

    it('is the due deadline when sooner than the rules give, with its yellow card before it', async () => {
      const res = await post(order({ due_at: '2026-03-04T17:00:00+08:00' }));
      const t = await dispatch(res.body.id);
      // A complaint: 15 working days by the rules; the upstream wants it by Wednesday 17:00.
      expect(t.due_at).to.equal('2026-03-04T09:00:00.000Z');
      // The sign-for deadline (end of Tuesday) is sooner still and stays.
      expect(t.sign_deadline_at).to.equal('2026-03-03T15:59:59.000Z');
      const row = await db()('tickets').where({ id: t.id }).first();
      const assignment = await db()('assignments').where({ id: row.assignment_id }).first();
      expect(fromDbTime(assignment.due_at)!.toISOString()).to.equal('2026-03-04T09:00:00.000Z');
      // Signed for at once: then yellow from the start of the due deadline's day, red once it has passed.
      await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
      clock.set('2026-03-03T23:00:00+08:00');
      expect(await cardOf(t.id)).to.equal('none');
      clock.set('2026-03-04T08:00:00+08:00');
      expect(await cardOf(t.id)).to.equal('yellow');
      clock.set('2026-03-04T17:00:01+08:00');
      expect(await cardOf(t.id)).to.equal('red');
    });

    it('gives a sign-for deadline no later than a very near upstream deadline', async () => {
      const res = await post(order({ due_at: '2026-03-02T15:00:00+08:00' }));
      const t = await dispatch(res.body.id);
      expect(t.due_at).to.equal('2026-03-02T07:00:00.000Z');
      expect(t.sign_deadline_at).to.equal('2026-03-02T07:00:00.000Z');
    });

    it('changes nothing when later than the rules give, or when the upstream gave none', async () => {
      const later = await dispatch((await post(order({ due_at: '2026-06-30T17:00:00+08:00' }))).body.id);
      const none = await dispatch((await post(order())).body.id);
      const phone = await ok(h.operator.post('/api/v1/tickets', { ...ticketFields(), department_id: h.dept.id }), 201);
      expect(later.due_at).to.equal(phone.due_at);
      expect(none.due_at).to.equal(phone.due_at);
      expect(later.sign_deadline_at).to.equal(phone.sign_deadline_at);
    });

    async function cardOf(id: number) {
      await h.signInAgain();
      return (await ok(h.operator.get(`/api/v1/tickets/${id}`))).card;
    }
  });

  it('names the category by its item code (事项编码)', async () => {
    const category = await makeCategory(h.dept.id);
    const code = `SX-${randomBytes(4).toString('hex')}`;
    await db()('categories').where({ id: category.id }).update({ item_code: code });
    const res = await post(order({ category_code: code }));
    expect(res.status).to.equal(201);
    const t = await ok(h.operator.get(`/api/v1/tickets/${res.body.id}`));
    expect(t.category_id).to.equal(category.id);
    expect(t.upstream.category_code).to.equal(code);
  });
});
