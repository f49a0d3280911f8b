// Webhooks to connected systems through the outbox, against a real HTTP peer (test/helpers/peer-server.ts):
// docs/integration.md "Delivery, signatures and keys" and docs/rules/messages.md "Webhooks".
import { expect } from 'chai';
import { startPeerServer, type PeerPost, type TestPeerServer } from '../helpers/peer-server.ts';
import { createTestPeer, type TestPeer } from '../helpers/peers.ts';
import { testApp } from '../helpers/test-app.ts';
import { clock } from '../../server/lib/clock.ts';
import { OutboxService } from '../../server/domain/outbox/outbox.service.ts';
import { webhookOutbox } from '../../server/domain/peers/webhook-outbox.ts';
import { authenticatePeer } from '../../server/domain/peers/peer-auth.ts';
import { signBody } from '../../server/domain/peers/peer-signing.ts';
import { SYSTEM } from '../../server/domain/users/actor.ts';
import type { Services } from '../../server/services.ts';

const T0 = new Date('2030-06-05T10:00:00+08:00');
let seq = 0;

describe('webhooks to connected systems, over a real HTTP peer', () => {
  let s: Services;
  let server: TestPeerServer;

  /** A peer posting to the test server, whose key the server knows. */
  const peerOf = async (opts: { url?: string | null } = {}): Promise<TestPeer> => {
    const p = await createTestPeer(s, { kind: 'upstream', url: opts.url === undefined ? server.url : opts.url });
    server.keys.set(p.keyId, p.secret);
    return p;
  };
  /** Queues messages (in one transaction, as a cause does) and answers their outbox ids. */
  const enqueue = async (p: TestPeer, stream: string, n = 1, event = 'ticket.updated'): Promise<number[]> => {
    const payloads = Array.from({ length: n }, () => ({ seq: ++seq, stream }));
    await s.db.transaction((trx) =>
      webhookOutbox.enqueue(
        trx,
        payloads.map((payload) => ({ peer: p.peer, event, payload, stream })),
        clock.now(),
      ),
    );
    const rows = await s.db('outbox').where({ kind: 'webhook', peer_id: p.peer.id, stream }).orderBy('id');
    return rows.slice(-n).map((r: { id: number }) => r.id);
  };
  const row = (id: number) => s.db('outbox').where({ id }).first();
  const send = () => s.outbox.sendDue();
  /** Runs the sender every `stepS` seconds of the clock until nothing was due, at most `runs` times. */
  const runFor = async (runs: number, stepS = 60) => {
    for (let i = 0; i < runs; i++) {
      await send();
      clock.advance(stepS * 1000);
    }
  };
  const deliveredIds = (posts: PeerPost[]) => posts.map((p) => Number(p.delivery.replace('wh-', '')));

  before(async () => {
    s = (await testApp()).services;
    server = await startPeerServer();
  });
  after(() => server.close());
  beforeEach(() => {
    clock.set(T0);
    server.clear();
  });
  // What a test leaves waiting is not the next test's business.
  afterEach(() => s.db('outbox').where('kind', 'webhook').whereNot('status', 'sent').update({ status: 'suppressed' }));

  it('posts the stored body signed with the peer key, naming the key, event, delivery and stream', async () => {
    const p = await peerOf();
    const [id] = await enqueue(p, 'ticket:1', 1, 'ticket.replied');
    const r = await send();
    expect(r.webhook).to.include({ sent: 1, retried: 0, failed: 0 });
    expect(server.posts).to.have.length(1);
    const post = server.posts[0];
    const stored = await row(id);
    expect(post.valid).to.equal(true);
    expect(post.keyId).to.equal(p.keyId);
    expect(post.signature).to.equal(signBody(p.secret, stored.body));
    expect(post.raw).to.equal(stored.body);
    expect(post).to.include({ event: 'ticket.replied', delivery: `wh-${id}`, stream: 'ticket:1', path: '/hook' });
    expect(post.headers['content-type']).to.equal('application/json');
    expect(stored).to.include({ status: 'sent', attempts: 1 });
  });

  it('holds later messages of a stream while its first one fails, then sends them in order', async () => {
    const p = await peerOf();
    const ids = await enqueue(p, 'ticket:2', 3);
    server.down(1);
    const r = await send();
    expect(r.webhook).to.include({ sent: 0, retried: 1 });
    expect(server.posts).to.have.length(1);
    // Held, not attempted: their claim did not count.
    expect((await row(ids[1])).attempts).to.equal(0);
    expect((await row(ids[2])).status).to.equal('pending');
    clock.advance(61_000);
    await send();
    expect(deliveredIds(server.delivered())).to.deep.equal(ids);
    expect(server.posts).to.have.length(4);
  });

  it('a message refused (422) fails for good, holds its stream, is listed failing, replayed, delivered', async () => {
    const p = await peerOf();
    const [first, second] = await enqueue(p, 'rating:3', 2);
    server.refuse((post) => post.delivery === `wh-${first}`, 422);
    const r = await send();
    expect(r.webhook).to.include({ failed: 1, sent: 0 });
    expect(await row(first)).to.include({ status: 'failed' });
    expect((await row(first)).last_error).to.match(/^HTTP 422/);
    // An hour on, the later one is still held behind it, never attempted.
    await runFor(3, 1200);
    expect(await row(second)).to.include({ status: 'pending', attempts: 0 });
    const failing = await s.peers.deliveries({ peer_id: p.peer.id, state: 'failing', limit: 100 });
    expect(failing.map((d) => d.id)).to.deep.equal([first]);
    expect(failing[0]).to.include({ event: 'ticket.updated', stream: 'rating:3', attempts: 1, failing: true });

    server.clear();
    const replayed = await s.peers.replay(SYSTEM, first);
    expect(replayed).to.include({ state: 'pending', attempts: 0 });
    await send();
    expect(deliveredIds(server.delivered())).to.deep.equal([first, second]);
    expect(await s.peers.deliveries({ peer_id: p.peer.id, state: 'failing', limit: 100 })).to.have.length(0);
  });

  it('retries 408, 429, 5xx, dropped connections and timeouts, never failing them', async () => {
    const p = await peerOf();
    const [id] = await enqueue(p, 'ticket:4');
    for (const status of [408, 429]) {
      server.refuse(() => true, status);
      expect((await send()).webhook).to.include({ retried: 1, failed: 0 });
      server.clear();
      clock.advance(3_600_000);
    }
    server.down(1, 'drop');
    expect((await send()).webhook).to.include({ retried: 1 });
    clock.advance(3_600_000);
    const timeout = s.config.peers.webhookTimeoutMs;
    s.config.peers.webhookTimeoutMs = 150;
    server.delayMs = 1000;
    try {
      expect((await send()).webhook).to.include({ retried: 1 });
    } finally {
      s.config.peers.webhookTimeoutMs = timeout;
    }
    expect((await row(id)).last_error).to.match(/no answer in 150 ms/);
    server.delayMs = 0;
    clock.advance(3_600_000);
    expect((await send()).webhook).to.include({ sent: 1 });
    expect(await row(id)).to.include({ status: 'sent', attempts: 5 });
  });

  it('a peer down for an hour gets everything once, in order, signed, and holds no other peer back', async () => {
    const a = await peerOf();
    const other = await startPeerServer();
    try {
      const b = await createTestPeer(s, { kind: 'upstream', url: other.url });
      other.keys.set(b.keyId, b.secret);
      const queued = [...(await enqueue(a, 'ticket:5', 3)), ...(await enqueue(a, 'ticket:6', 2))];
      const bQueued = await enqueue(b, 'ticket:7', 2);
      server.down(null, 503);
      let runs = 0;
      for (let minute = 0; minute < 60; minute++) {
        if (minute === 30) {
          server.down(null, 'drop');
          queued.push(...(await enqueue(a, 'ticket:5', 2)));
          bQueued.push(...(await enqueue(b, 'ticket:7', 1)));
        }
        await send();
        runs++;
        clock.advance(60_000);
      }
      // The other peer got its messages at once, in order; the one down was tried at most once per run.
      expect(deliveredIds(other.delivered())).to.deep.equal(bQueued);
      expect(server.posts.length).to.be.at.most(runs);
      expect(server.delivered()).to.have.length(0);

      server.up();
      await runFor(70, 60);
      const delivered = server.delivered();
      const ids = deliveredIds(delivered);
      expect([...ids].sort((x, y) => x - y)).to.deep.equal([...queued].sort((x, y) => x - y));
      expect(new Set(ids).size).to.equal(ids.length);
      for (const stream of ['ticket:5', 'ticket:6']) {
        const inStream = deliveredIds(server.delivered(stream));
        expect(inStream).to.deep.equal([...inStream].sort((x, y) => x - y));
      }
      expect(delivered.every((post) => post.valid && post.keyId === a.keyId)).to.equal(true);
      const rows = await s.db('outbox').whereIn('id', queued);
      expect(rows.every((r: { status: string }) => r.status === 'sent')).to.equal(true);
    } finally {
      await other.close();
    }
  });

  it('messages waiting through a rotation go signed with the new key; the old one accepted till its end', async () => {
    const p = await peerOf();
    const ids = await enqueue(p, 'ticket:8', 2);
    server.down(1);
    await send();
    const rotated = await s.peers.rotate(SYSTEM, p.peer.id);
    expect(rotated.key_id).to.not.equal(p.keyId);
    server.keys.set(rotated.key_id, rotated.secret);
    clock.advance(61_000);
    await send();
    const delivered = server.delivered();
    expect(deliveredIds(delivered)).to.deep.equal(ids);
    expect(delivered.every((post) => post.keyId === rotated.key_id && post.valid)).to.equal(true);

    // Inbound: the old key until not_after (72 hours by default), then refused; the new one throughout.
    const raw = JSON.stringify({ upstream_id: 'U-rot' });
    const asPeer = (key: { keyId: string; secret: string }) =>
      authenticatePeer(
        s.db,
        s.sealer,
        {
          header: (name) => ({ 'x-upstream-key': key.keyId, 'x-upstream-signature': signBody(key.secret, raw) })[name],
          raw,
        },
        ['upstream'],
      );
    const newKey = { keyId: rotated.key_id, secret: rotated.secret };
    expect((await asPeer(p)).id).to.equal(p.peer.id);
    clock.advance(s.config.peers.keyGraceHours * 3_600_000 - 120_000);
    expect((await asPeer(p)).id).to.equal(p.peer.id);
    clock.advance(120_000);
    const refused = await asPeer(p).then(
      () => null,
      (err: { status?: number }) => err,
    );
    expect(refused?.status).to.equal(401);
    expect((await asPeer(newKey)).id).to.equal(p.peer.id);
  });

  it('two senders at once never post one message twice, and keep each stream in order', async () => {
    const p = await peerOf();
    const second = new OutboxService({ db: s.db, config: s.config, logger: s.logger, sealer: s.sealer });
    const queued: number[] = [];
    for (const stream of ['t:a', 't:b', 't:c', 't:d']) queued.push(...(await enqueue(p, stream, 5)));
    server.delayMs = 5;
    for (let i = 0; i < 30; i++) {
      await Promise.all([send(), second.sendDue()]);
      clock.advance(2000);
    }
    second.close();
    const ids = deliveredIds(server.delivered());
    expect(ids).to.have.length(queued.length);
    expect(new Set(ids).size).to.equal(queued.length);
    for (const stream of ['t:a', 't:b', 't:c', 't:d']) {
      const inStream = deliveredIds(server.delivered(stream));
      expect(inStream).to.deep.equal([...inStream].sort((x, y) => x - y));
    }
  });

  it('a peer without url has its messages logged, counted sent; an inactive peer waits until activated', async () => {
    const quiet = await peerOf({ url: null });
    const [logged] = await enqueue(quiet, 'ticket:9');
    expect((await send()).webhook).to.include({ sent: 1 });
    expect(await row(logged)).to.include({ status: 'sent' });
    expect(server.posts).to.have.length(0);

    const p = await peerOf();
    await s.peers.update(SYSTEM, p.peer.id, { active: false });
    const [waiting] = await enqueue(p, 'ticket:10');
    expect((await send()).webhook).to.include({ held: 1, sent: 0 });
    clock.advance(10 * 60_000);
    await send();
    expect(await row(waiting)).to.include({ status: 'pending', attempts: 0 });
    await s.peers.update(SYSTEM, p.peer.id, { active: true });
    await send();
    expect(deliveredIds(server.delivered())).to.deep.equal([waiting]);
  });
});
