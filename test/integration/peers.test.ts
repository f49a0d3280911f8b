// Connected systems administered over the API (docs/api.md "Connected systems administered"): peers, keys shown
// once and rotated with a grace, the deliveries listed and a failing one replayed, each step audited.
import { expect } from 'chai';
import { signedIn, uniq } from '../helpers/factories.ts';
import type { Client } from '../helpers/http.ts';
import { startPeerServer, type TestPeerServer } from '../helpers/peer-server.ts';
import { testApp } from '../helpers/test-app.ts';
import { authenticatePeer } from '../../server/domain/peers/peer-auth.ts';
import { signBody } from '../../server/domain/peers/peer-signing.ts';
import { webhookOutbox } from '../../server/domain/peers/webhook-outbox.ts';
import { clock } from '../../server/lib/clock.ts';
import type { Services } from '../../server/services.ts';

const API = '/api/v1';

describe('connected systems administered over the API', () => {
  let s: Services;
  let admin: Client;
  let adminId: number;
  let server: TestPeerServer;

  const code = () => uniq('up-').toLowerCase();
  const accepts = (key: { key_id: string; secret: string }) => {
    const raw = '{"upstream_id":"U-1"}';
    const headers: Record<string, string> = {
      'x-upstream-key': key.key_id,
      'x-upstream-signature': signBody(key.secret, raw),
    };
    return authenticatePeer(s.db, s.sealer, { header: (n) => headers[n], raw }, ['upstream']).then(
      (peer) => peer.id,
      () => null,
    );
  };
  const audit = (action: string, targetId: number) =>
    s.db('audit_log').where({ action, target_id: targetId, actor_id: adminId });

  before(async () => {
    s = (await testApp()).services;
    const signed = await signedIn('admin');
    admin = signed.api;
    adminId = signed.user.id;
    server = await startPeerServer();
  });
  after(() => server.close());
  afterEach(() => clock.reset());

  it('creates a peer with its first key shown once: random, sealed, accepted on signed requests', async () => {
    const c = code();
    const res = await admin.post(`${API}/peers`, { code: c, name: '省12345平台', kind: 'upstream', url: server.url });
    expect(res.status).to.equal(201);
    const { peer, key } = res.body;
    expect(peer).to.include({ code: c, name: '省12345平台', kind: 'upstream', url: server.url, active: true });
    expect(key.key_id).to.match(/^pk_[0-9a-f]{16}$/);
    expect(key.secret).to.have.length.of.at.least(40);
    const stored = await s.db('peer_keys').where({ key_id: key.key_id }).first();
    expect(stored.secret_sealed).to.not.include(key.secret);
    expect(await accepts(key)).to.equal(peer.id);
    expect(await accepts({ ...key, secret: 'not-it' })).to.equal(null);

    const list = await admin.get(`${API}/peers`);
    expect(JSON.stringify(list.body)).to.not.include(key.secret);
    const listed = list.body.find((p: { id: number }) => p.id === peer.id);
    expect(listed.keys).to.deep.equal([
      { key_id: key.key_id, created_at: key.created_at, not_after: null, state: 'current' },
    ]);
    expect(listed.failing).to.equal(0);
    expect(await audit('peer_create', peer.id)).to.have.length(1);
    // A second peer with that code is refused, nothing stored.
    const again = await admin.post(`${API}/peers`, { code: c, name: 'x', kind: 'upstream' });
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
  });

  it('refuses bad input field by field, storing nothing', async () => {
    const before = await s.db('peers').count({ n: '*' }).first();
    const res = await admin.post(`${API}/peers`, { code: 'X Y', name: '', kind: 'linkage', url: 'ftp://x', extra: 1 });
    expect(res.status).to.equal(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).to.include.members(['code', 'name', 'url']);
    const linkage = await admin.post(`${API}/peers`, { code: code(), name: '110', kind: 'linkage' });
    expect(linkage.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['partner']);
    const partnered = await admin.post(`${API}/peers`, { code: code(), name: 'x', kind: 'upstream', partner: '110' });
    expect(partnered.status).to.equal(400);
    expect(await s.db('peers').count({ n: '*' }).first()).to.deep.equal(before);
  });

  it('updates name, url and active; 404 for an unknown peer', async () => {
    const { body } = await admin.post(`${API}/peers`, {
      code: code(),
      name: '110 指挥中心',
      kind: 'linkage',
      partner: '110',
    });
    const res = await admin.put(`${API}/peers/${body.peer.id}`, { name: '110 联动', url: null, active: false });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ name: '110 联动', url: null, active: false, partner: '110' });
    expect((await admin.get(`${API}/peers/${body.peer.id}`)).body.active).to.equal(false);
    // An inactive peer's key is refused inbound.
    expect(await accepts(body.key)).to.equal(null);
    expect((await admin.put(`${API}/peers/99999999`, { name: 'x' })).status).to.equal(404);
    expect((await admin.put(`${API}/peers/${body.peer.id}`, {})).status).to.equal(400);
  });

  it('rotates: a new key shown once, the older one accepted for the grace hours then refused', async () => {
    const { body } = await admin.post(`${API}/peers`, { code: code(), name: '上级平台', kind: 'upstream' });
    const id = body.peer.id;
    const rotated = await admin.post(`${API}/peers/${id}/keys`, {});
    expect(rotated.status).to.equal(201);
    expect(rotated.body.key_id).to.not.equal(body.key.key_id);
    const grace = Date.parse(rotated.body.older_keys_until) - Date.now();
    expect(grace).to.be.closeTo(s.config.peers.keyGraceHours * 3_600_000, 60_000);
    const keys = (await admin.get(`${API}/peers/${id}/keys`)).body;
    expect(keys.map((k: { key_id: string; state: string }) => [k.key_id, k.state])).to.deep.equal([
      [rotated.body.key_id, 'current'],
      [body.key.key_id, 'grace'],
    ]);
    expect(JSON.stringify(keys)).to.not.include(rotated.body.secret);
    expect(await accepts(body.key)).to.equal(id);
    expect(await accepts(rotated.body)).to.equal(id);
    clock.advance(s.config.peers.keyGraceHours * 3_600_000 + 60_000);
    expect(await accepts(body.key)).to.equal(null);
    expect(await accepts(rotated.body)).to.equal(id);
    clock.reset();
    const [row] = await audit('peer_key_rotate', id);
    expect(JSON.parse(row.detail)).to.include({ key_id: rotated.body.key_id });
    expect(row.detail).to.not.include(rotated.body.secret);
  });

  it('lists a refused delivery as failing, replays it (audited) to delivered; a delivered one is a 409', async () => {
    const { body } = await admin.post(`${API}/peers`, {
      code: code(),
      name: '好差评',
      kind: 'province_ratings',
      url: server.url,
    });
    server.keys.set(body.key.key_id, body.key.secret);
    const peer = { id: body.peer.id, code: body.peer.code };
    await s.db.transaction((trx) =>
      webhookOutbox.enqueue(
        trx,
        [{ peer, event: 'rating.created', payload: { n: 1 }, stream: 'rating:1' }],
        clock.now(),
      ),
    );
    server.refuse(() => true, 422);
    await s.outbox.sendDue();
    const failing = await admin.get(`${API}/deliveries?state=failing&peer_id=${peer.id}`);
    expect(failing.status).to.equal(200);
    expect(failing.body).to.have.length(1);
    const d = failing.body[0];
    expect(d).to.include({
      peer: peer.code,
      event: 'rating.created',
      stream: 'rating:1',
      state: 'failed',
      attempts: 1,
    });
    expect(d.last_error).to.match(/^HTTP 422/);
    expect(d).to.have.keys([
      'id',
      'delivery',
      'peer_id',
      'peer',
      'event',
      'stream',
      'state',
      'failing',
      'attempts',
      'last_error',
      'next_attempt_at',
      'sent_at',
      'created_at',
    ]);
    expect((await admin.get(`${API}/peers`)).body.find((p: { id: number }) => p.id === peer.id).failing).to.equal(1);

    server.clear();
    const replayed = await admin.post(`${API}/deliveries/${d.id}/replay`, {});
    expect(replayed.status).to.equal(200);
    expect(replayed.body).to.include({ state: 'pending', attempts: 0 });
    expect(await audit('delivery_replay', d.id)).to.have.length(1);
    await s.outbox.sendDue();
    expect(server.delivered().map((p) => p.delivery)).to.deep.equal([`wh-${d.id}`]);
    expect((await admin.get(`${API}/deliveries?state=sent&peer_id=${peer.id}`)).body).to.have.length(1);
    expect((await admin.get(`${API}/deliveries?state=failing&peer_id=${peer.id}`)).body).to.have.length(0);
    const again = await admin.post(`${API}/deliveries/${d.id}/replay`, {});
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'INVALID_TRANSITION']);
    expect((await admin.post(`${API}/deliveries/99999999/replay`, {})).status).to.equal(404);
    expect((await admin.get(`${API}/deliveries?state=lost`)).status).to.equal(400);
  });

  it('is for administrators only', async () => {
    const { api } = await signedIn('supervisor');
    expect((await api.get(`${API}/peers`)).status).to.equal(403);
    expect((await api.get(`${API}/deliveries`)).status).to.equal(403);
  });
});
