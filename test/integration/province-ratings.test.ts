import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { provincePeers } from '../../server/domain/ratings/province-peers.ts';
import { testApp } from '../helpers/test-app.ts';
import { hotline, ok, replied, type Hotline } from '../helpers/tickets.ts';
import { anonymous, devicePost, deviceRating, reviewDesk } from '../helpers/reviews.ts';
import { uniq } from '../helpers/factories.ts';
import { createTestPeer, type TestPeer } from '../helpers/peers.ts';
import { startPeerServer } from '../helpers/peer-server.ts';

/**
 * Ratings to the provincial 好差评 system (docs/integration.md "Ratings to the provincial 好差评 system"): each rating
 * that counts queued once to every active province peer with its 办件编号 and 事项编码; a voided one withdrawn after
 * it in its stream; one never sent never withdrawn.
 */
describe('ratings to the provincial 好差评 system', () => {
  let h: Hotline;
  let desk: Awaited<ReturnType<typeof reviewDesk>>;
  let province: TestPeer;
  const app = async () => (await testApp()).services;
  const db = async () => (await app()).db;
  /** What was queued to the peer about a rating, in order. */
  const queued = async (ratingId: number, peer = province) =>
    (await (await db())('outbox').where({ kind: 'webhook', peer_id: peer.peer.id, stream: `rating:${ratingId}` }))
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((m) => ({ id: Number(m.id), event: m.subject, status: m.status, json: JSON.parse(m.body) }));
  // Ratings three minutes apart on the settable clock: one resident at a time, never a burst.
  const later = () => {
    clock.advance(180_000);
    return clock.now().toISOString();
  };
  const rate = (body: Record<string, unknown>, key = desk.key) =>
    ok(devicePost(key, deviceRating({ rated_at: later(), ...body })), 201);

  before(async () => {
    h = await hotline();
    desk = await reviewDesk(h);
    province = await createTestPeer(await app(), { kind: 'province_ratings' });
    provincePeers.forget();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('queues a good device rating once, under the code the device names, with a service number', async () => {
    const body = deviceRating({ score: 5, comment: '很耐心', item_code: '11510100MB0000001-01', rated_at: later() });
    const r = await ok(devicePost(desk.key, body), 201);
    // The device retries the same seq: nothing more is stored or sent.
    expect((await devicePost(desk.key, body)).status).to.equal(200);
    const msgs = await queued(r.id);
    expect(msgs).to.have.length(1);
    const m = msgs[0].json;
    expect(msgs[0].event).to.equal('rating.created');
    expect(m).to.include({
      event: 'rating.created',
      rating_id: r.id,
      item_code: '11510100MB0000001-01',
      score: 5,
      level: '非常满意',
      channel: 'window_device',
      comment: '很耐心',
      rated_at: body.rated_at,
    });
    expect(m.project_no).to.match(/^W\d{8}\d{8,}$/);
    expect(m.project_no.endsWith(String(r.id).padStart(8, '0'))).to.equal(true);
    expect(m.department).to.deep.equal({ id: h.dept.id, name: h.dept.name });
    expect(m.reasons).to.deep.equal([]);
    const row = (await (await db())('outbox').where({ id: msgs[0].id }))[0];
    expect(row.dedupe_key).to.equal(`province:${province.peer.id}:rating:${r.id}:created`);
    // No resident's name or phone in what goes out.
    expect(JSON.stringify(m)).not.to.match(/1[3-9]\d{9}|caller/);
  });

  it('sends a batch of device ratings in one insert, reading the peers at most once', async () => {
    const services = await app();
    const sql: string[] = [];
    const listen = (q: { sql: string }) => sql.push(q.sql);
    provincePeers.forget();
    services.db.on('query', listen);
    let answers: Array<{ status: number; body: any }>;
    try {
      const at = later();
      // Twenty devices' good ratings at one moment: group-committed in few batches.
      const desks = await Promise.all(Array.from({ length: 4 }, () => reviewDesk(h)));
      sql.length = 0;
      answers = await Promise.all(
        desks.flatMap((d) => [5, 4, 3, 5, 4].map((score) => devicePost(d.key, deviceRating({ score, rated_at: at })))),
      );
    } finally {
      services.db.off('query', listen);
    }
    expect(answers.every((a) => a.status === 201)).to.equal(true);
    const batches = sql.filter((q) => /^insert into .ratings./i.test(q)).length;
    expect(batches).to.be.within(1, 19);
    expect(sql.filter((q) => /from .peers./i.test(q)).length).to.be.at.most(1);
    expect(sql.filter((q) => /^insert into .outbox./i.test(q)).length).to.equal(batches);
    for (const a of answers) expect(await queued(a.body.id)).to.have.length(1);
  });

  it("takes the window's item code when the device names none, and null when neither has one", async () => {
    const none = await rate({ score: 4 });
    expect((await queued(none.id))[0].json).to.include({ item_code: null, item_name: null });
    await ok(h.admin.patch(`/api/v1/windows/${desk.window.id}`, { item_code: '115101000000-W1' }));
    const r = await rate({ score: 4 });
    expect((await queued(r.id))[0].json).to.include({ item_code: '115101000000-W1', level: '满意' });
  });

  it("queues a QR rating at a window with the window's item code", async () => {
    const w = await ok(
      h.admin.post('/api/v1/windows', { department_id: h.dept.id, name: uniq('窗口'), item_code: 'QR-01' }),
      201,
    );
    const token = (w.rating_url as string).split('/rate/')[1];
    const r = await ok((await anonymous()).post('/api/v1/public/ratings', { token, score: 3 }), 201);
    const msgs = await queued(r.id);
    expect(msgs).to.have.length(1);
    expect(msgs[0].json).to.include({ channel: 'qr', item_code: 'QR-01', level: '基本满意', score: 3 });
    expect(msgs[0].json.project_no).to.match(/^W\d{16,}$/);
  });

  it("queues an order's rating with the ticket's number and its category's item code", async () => {
    const category = await ok(
      h.admin.post('/api/v1/categories', {
        name: uniq('噪音扰民'),
        department_id: h.dept.id,
        item_code: '11510100-0101',
      }),
      201,
    );
    const t = await replied(h, { category_id: category.id });
    // The device names another code: the order's category wins.
    const r = await rate({ score: 4, ticket_number: t.number, item_code: 'OTHER-1' });
    const msgs = await queued(r.id);
    expect(msgs).to.have.length(1);
    expect(msgs[0].json).to.include({
      project_no: t.number,
      item_code: '11510100-0101',
      item_name: category.name,
      channel: 'window_device',
    });
  });

  it('withdraws a voided rating after it, in its stream, once', async () => {
    const r = await rate({ score: 1, reason: '态度恶劣' });
    await ok(h.handler.post(`/api/v1/ratings/${r.id}/appeal`, { reason: '当日系统故障' }), 201);
    await ok(h.supervisor.post(`/api/v1/ratings/${r.id}/appeal/decision`, { uphold: true, note: '经核实' }));
    const msgs = await queued(r.id);
    expect(msgs.map((m) => m.event)).to.deep.equal(['rating.created', 'rating.withdrawn']);
    expect(msgs[0].json.reasons).to.deep.equal(['态度恶劣']);
    expect(msgs[1].json).to.include({ rating_id: r.id, withdraw_reason: 'appeal_upheld', score: 1 });
    expect(msgs[1].json.project_no).to.equal(msgs[0].json.project_no);
    expect(msgs[1].json.withdrawn_at).to.be.a('string');
  });

  it('sends nothing for a rating held in a burst and voided, withdraws those of the burst sent before', async () => {
    const other = await reviewDesk(h);
    const at = later();
    // Five of one score within seconds: the fifth is a burst, held; the four before were counted (and sent).
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const seconds = new Date(new Date(at).getTime() + i * 1000).toISOString();
      ids.push((await ok(devicePost(other.key, deviceRating({ score: 3, rated_at: seconds })), 201)).id);
    }
    expect((await queued(ids[4])).length).to.equal(0);
    const burst = (await ok(h.supervisor.get('/api/v1/ratings/bursts'))).items.find(
      (b: any) => b.kind === 'device' && b.source_id === other.device.id,
    );
    await ok(
      h.supervisor.post('/api/v1/ratings/bursts/decision', {
        kind: 'device',
        source_id: other.device.id,
        score: 3,
        until: burst.last_at,
        confirm: false,
        reason: '同一人连续点按',
      }),
    );
    for (const id of ids.slice(0, 4)) {
      const events = (await queued(id)).map((m) => m.event);
      expect(events).to.deep.equal(['rating.created', 'rating.withdrawn']);
    }
    expect(await queued(ids[4])).to.deep.equal([]);
  });

  it('sends a held rating once confirmed, and a rating sent before it was held not again', async () => {
    const other = await reviewDesk(h);
    const at = later();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const seconds = new Date(new Date(at).getTime() + i * 1000).toISOString();
      ids.push((await ok(devicePost(other.key, deviceRating({ score: 4, rated_at: seconds })), 201)).id);
    }
    const burst = (await ok(h.supervisor.get('/api/v1/ratings/bursts'))).items.find(
      (b: any) => b.kind === 'device' && b.source_id === other.device.id,
    );
    await ok(
      h.supervisor.post('/api/v1/ratings/bursts/decision', {
        kind: 'device',
        source_id: other.device.id,
        score: 4,
        until: burst.last_at,
        confirm: true,
        reason: '排队办事的群众',
      }),
    );
    for (const id of ids) expect((await queued(id)).map((m) => m.event)).to.deep.equal(['rating.created']);
  });

  it('sends to a province peer an administrator adds from the next rating, none once deactivated', async () => {
    const first = await rate({ score: 5 });
    const added = await ok(
      h.admin.post('/api/v1/peers', {
        code: uniq('prov')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, ''),
        name: '省好差评',
        kind: 'province_ratings',
      }),
      201,
    );
    const peer = { peer: { id: added.peer.id } } as TestPeer;
    const r = await rate({ score: 5 });
    expect(await queued(first.id, peer)).to.deep.equal([]);
    expect((await queued(r.id, peer)).map((m) => m.event)).to.deep.equal(['rating.created']);
    await ok(h.admin.put(`/api/v1/peers/${added.peer.id}`, { active: false }));
    expect(await queued((await rate({ score: 5 })).id, peer)).to.deep.equal([]);
  });

  it('end to end: a province refusing one rating (422) has it failed, the others delivered, all signed', async () => {
    const server = await startPeerServer();
    try {
      const live = await createTestPeer(await app(), { kind: 'province_ratings', url: server.url });
      server.keys.set(live.keyId, live.secret);
      provincePeers.forget();
      const a = await rate({ score: 5 });
      const b = await rate({ score: 2, reason: '等候太久' });
      const c = await rate({ score: 4 });
      server.refuse((p) => p.json?.rating_id === b.id, 422);
      await (await app()).outbox.sendDue();
      const delivered = server.delivered().map((p) => p.json.rating_id);
      expect(delivered).to.include.members([a.id, c.id]);
      expect(delivered).not.to.include(b.id);
      const ours = server.posts.filter((p) => [a.id, b.id, c.id].includes(p.json?.rating_id));
      expect(ours.every((p) => p.valid && p.event === 'rating.created')).to.equal(true);
      expect(ours.find((p) => p.json.rating_id === a.id)!.stream).to.equal(`rating:${a.id}`);
      expect((await queued(b.id, live))[0].status).to.equal('failed');
      expect((await queued(a.id, live))[0].status).to.equal('sent');
      // The administrators' list of failing deliveries names it.
      const failing = await ok(h.admin.get(`/api/v1/deliveries?peer_id=${live.peer.id}`));
      const listed = (failing.items ?? failing) as any[];
      expect(listed.filter((d) => d.failing).map((d) => d.stream)).to.deep.equal([`rating:${b.id}`]);
    } finally {
      await server.close();
    }
  });
});

describe('item codes (事项编码) in the catalogue', () => {
  let h: Hotline;
  before(async () => {
    h = await hotline();
  });
  beforeEach(async () => {
    await h.signInAgain();
  });

  it('are set, changed and cleared through the categories API, and a bad one is refused with its field', async () => {
    const c = await ok(
      h.admin.post('/api/v1/categories', { name: uniq('物业'), department_id: h.dept.id, item_code: 'AB-12' }),
      201,
    );
    expect(c.item_code).to.equal('AB-12');
    expect((await ok(h.admin.patch(`/api/v1/categories/${c.id}`, { item_code: ' 115101-9 ' }))).item_code).to.equal(
      '115101-9',
    );
    for (const bad of ['有中文', 'a b', 'x'.repeat(65), 'A_1']) {
      const res = await h.admin.patch(`/api/v1/categories/${c.id}`, { item_code: bad });
      expect(res.status, bad).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('item_code');
    }
    expect((await ok(h.admin.get(`/api/v1/categories/${c.id}`))).item_code).to.equal('115101-9');
    expect((await ok(h.admin.patch(`/api/v1/categories/${c.id}`, { item_code: null }))).item_code).to.equal(null);
    expect((await h.handler.patch(`/api/v1/categories/${c.id}`, { item_code: 'X1' })).status).to.equal(403);
  });

  it('come in with a CSV import, go out with its export and read back the same', async () => {
    const p = uniq('P').replace(/\D/g, '').slice(-6);
    const csv = [
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier,事项编码',
      `${p},${uniq('城建')},,,,,`,
      `${p}01,${uniq('噪音')},${p},${h.dept.name},"《噪声法》第2条, 第3条",normal,11510100-${p}`,
    ].join('\n');
    const v = await ok(h.admin.post('/api/v1/catalogue/versions', { csv, effective_from: '2099-01-01' }), 201);
    const full = await ok(h.admin.get(`/api/v1/catalogue/versions/${v.id}`));
    const leaf = full.entries.find((e: any) => e.code === `${p}01`);
    expect(leaf.item_code).to.equal(`11510100-${p}`);
    expect(full.entries.find((e: any) => e.code === p).item_code).to.equal(null);
    expect((await ok(h.admin.get(`/api/v1/categories/${leaf.category_id}`))).item_code).to.equal(`11510100-${p}`);
    const exported = await h.admin.get(`/api/v1/catalogue/versions/${v.id}/csv`);
    expect(exported.status).to.equal(200);
    const text = String(exported.body);
    expect(text.split('\r\n')[0].replace('\uFEFF', '')).to.equal(
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier,item_code',
    );
    expect(text).to.contain(`,11510100-${p}\r\n`);
    // Read back: a second version of the same entries, item codes and all.
    const again = await ok(
      h.admin.post('/api/v1/catalogue/versions', { csv: text, effective_from: '2099-01-02' }),
      201,
    );
    const diff = await ok(h.admin.get(`/api/v1/catalogue/versions/${again.id}/diff?from=${v.id}`));
    expect(diff).to.deep.include({ added: [], removed: [], changed: [] });
  });

  it('refuses a file with a bad item code, naming its line and column, and stores nothing', async () => {
    const p = uniq('Q').replace(/\D/g, '').slice(-6);
    const before = (await ok(h.admin.get('/api/v1/catalogue/versions'))).length;
    const csv = [
      'code,name,parent_code,responsible_unit,duty_basis,severity_tier,item_code',
      `${p},${uniq('名称')},,${h.dept.name},,normal,好差评-1`,
    ].join('\n');
    const res = await h.admin.post('/api/v1/catalogue/versions', { csv, effective_from: '2099-02-01' });
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: any) => d.path)).to.deep.equal(['csv[2].item_code']);
    expect((await ok(h.admin.get('/api/v1/catalogue/versions'))).length).to.equal(before);
  });
});
