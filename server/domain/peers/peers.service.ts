// Connected systems administered (docs/api.md "Connected systems"): peers and their keys, and the webhooks to them.
// A key's secret is random, sealed (lib/sealing.ts: it signs outbound messages, so it must be read back) and shown
// once, when it is issued. Rotation issues a new key and gives the older current ones an end PEER_KEY_GRACE_HOURS
// away: the peer may sign with either meanwhile; messages still waiting are signed with the new one when they go.
// Creating a peer, rotating a key and replaying a delivery are audited.
import { randomBytes } from 'node:crypto';
import type { Config } from '../../../config/default.ts';
import type { Db, Executor } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { bus } from '../../lib/bus.ts';
import { detail, errors, isDuplicateKey } from '../../lib/errors.ts';
import type { Sealer } from '../../lib/sealing.ts';
import { iso } from '../../lib/time.ts';
import type { Actor } from '../users/actor.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { peersRepository } from './peers.repository.ts';
import { peersAdminRepository as repo } from './peers-admin.repository.ts';
import { webhookDeliveriesRepository as deliveries, type DeliveryRow } from './webhook-deliveries.repository.ts';
import type { PeerKeyRow, PeerRow } from './peer.types.ts';
import type { CreatePeerInput, DeliveriesQuery, UpdatePeerInput } from './peers.schemas.ts';

const keyView = (k: PeerKeyRow, now: string) => ({
  key_id: k.key_id,
  created_at: iso(k.created_at),
  not_after: iso(k.not_after),
  // current: signs and is accepted; grace: accepted until not_after; ended: refused.
  state: k.not_after === null ? 'current' : k.not_after > now ? 'grace' : 'ended',
});

const peerView = (p: PeerRow) => ({
  id: p.id,
  code: p.code,
  name: p.name,
  kind: p.kind,
  partner: p.partner,
  url: p.url,
  active: Boolean(p.active),
  created_at: iso(p.created_at),
  updated_at: iso(p.updated_at),
});

/** A new active peer's row, by whoever made it (null: the demo, a test). */
const insertPeer = (
  trx: Executor,
  input: { code: string; name: string; kind: PeerRow['kind']; partner?: PeerRow['partner']; url?: string | null },
  createdBy: number | null,
  now: string,
) =>
  peersRepository.insert(trx, {
    code: input.code,
    name: input.name,
    kind: input.kind,
    partner: input.partner ?? null,
    url: input.url ?? null,
    active: true,
    created_by: createdBy,
    created_at: now,
    updated_at: now,
  });

export class PeersService {
  constructor(private readonly deps: { db: Db; config: Config; sealer: Sealer }) {}

  private get db() {
    return this.deps.db;
  }

  /** Every peer with its keys (never a secret) and how many of its webhooks are failing. */
  async list() {
    const now = toDbTime(clock.now());
    const [peers, keys, failing] = await Promise.all([
      repo.list(this.db),
      repo.keys(this.db),
      repo.failingCounts(this.db, this.deps.config.mail.alarmAfterAttempts),
    ]);
    return peers.map((p) => ({
      ...peerView(p),
      keys: keys.filter((k) => k.peer_id === p.id).map((k) => keyView(k, now)),
      failing: failing.get(p.id) ?? 0,
    }));
  }

  async get(id: number) {
    return peerView(await this.peer(this.db, id));
  }

  async create(actor: Actor, input: CreatePeerInput) {
    const now = toDbTime(clock.now());
    try {
      const created = await withTransaction(this.db, async (trx) => {
        const id = await insertPeer(trx, input, actor.id, now);
        const key = await this.issueKey(trx, actor, id, now);
        await auditRepository.record(trx, actor, 'peer_create', { type: 'peer', id }, { code: input.code }, now);
        return { peer: peerView(await this.peer(trx, id)), key };
      });
      // Committed: whoever caches peers (ratings/province-peers.ts) reads them again.
      bus.publish({ type: 'peer.changed', peer_id: created.peer.id });
      return created;
    } catch (err) {
      if (isDuplicateKey(err)) throw errors.alreadyExists('peers.codeTaken', { code: input.code });
      throw err;
    }
  }

  /**
   * A peer whose key was agreed beforehand (the demo's published keys, a test's peer), with no one acting: an
   * administrator's `create` draws a random secret instead, and audits it.
   */
  async registerWithKey(
    input: { code: string; name: string; kind: PeerRow['kind']; partner?: PeerRow['partner']; url?: string | null },
    key: { keyId: string; secret: string },
  ): Promise<PeerRow> {
    const now = toDbTime(clock.now());
    const peer = await withTransaction(this.db, async (trx) => {
      const id = await insertPeer(trx, input, null, now);
      await peersRepository.insertKey(trx, {
        peer_id: id,
        key_id: key.keyId,
        secret_sealed: this.deps.sealer.seal(key.secret),
        not_after: null,
        created_by: null,
        created_at: now,
      });
      return (await peersRepository.find(trx, id))!;
    });
    bus.publish({ type: 'peer.changed', peer_id: peer.id });
    return peer;
  }

  /** Activating a peer or changing its url makes its waiting messages due at once. */
  async update(actor: Actor, id: number, input: UpdatePeerInput) {
    const now = toDbTime(clock.now());
    const updated = await withTransaction(this.db, async (trx) => {
      const peer = await this.peer(trx, id);
      const kind = peer.kind;
      if (input.partner && kind !== 'linkage') throw errors.validation([detail('partner', 'peers.partnerOnlyLinkage')]);
      if (input.partner === null && kind === 'linkage')
        throw errors.validation([detail('partner', 'peers.partnerRequired')]);
      await repo.update(trx, id, { ...input, updated_at: now });
      // Its waiting messages go at once, not at their backoff: it is back, or its address was put right.
      const back = input.active === true && !peer.active;
      if (back || (input.url !== undefined && input.url !== peer.url)) await deliveries.wake(trx, id, now);
      await auditRepository.record(trx, actor, 'peer_update', { type: 'peer', id }, input, now);
      return peerView(await this.peer(trx, id));
    });
    // Committed: whoever caches peers (ratings/province-peers.ts) reads them again (an address, a deactivation).
    bus.publish({ type: 'peer.changed', peer_id: id });
    return updated;
  }

  async keys(id: number) {
    await this.peer(this.db, id);
    const now = toDbTime(clock.now());
    return (await repo.keys(this.db, id)).map((k) => keyView(k, now));
  }

  /** A new key, shown once; every older current key is still accepted for the grace hours, then refused. */
  async rotate(actor: Actor, id: number) {
    const at = clock.now();
    const now = toDbTime(at);
    const notAfter = toDbTime(new Date(at.getTime() + this.deps.config.peers.keyGraceHours * 3_600_000));
    return withTransaction(this.db, async (trx) => {
      await this.peer(trx, id);
      const key = await this.issueKey(trx, actor, id, now);
      const ended = await repo.endCurrentKeys(trx, id, key.id, notAfter);
      const detail = { key_id: key.key_id, older_keys_until: ended > 0 ? iso(notAfter) : null };
      await auditRepository.record(trx, actor, 'peer_key_rotate', { type: 'peer', id }, detail, now);
      const { id: _, ...shown } = key;
      return { ...shown, older_keys_until: detail.older_keys_until };
    });
  }

  async deliveries(q: DeliveriesQuery) {
    const rows = await deliveries.list(this.db, { ...q, alarmAfter: this.deps.config.mail.alarmAfterAttempts });
    return rows.map((r) => this.deliveryView(r));
  }

  /** A refused or failing delivery back in line, due now, its attempts counted afresh (and its stream behind it). */
  async replay(actor: Actor, id: number) {
    const now = toDbTime(clock.now());
    return withTransaction(this.db, async (trx) => {
      const row = await deliveries.find(trx, id);
      if (!row) throw errors.notFound('delivery');
      if (row.status === 'sent') throw errors.invalidTransition('peers.replayDelivered');
      if (!(await deliveries.replay(trx, id, now))) throw errors.invalidTransition('peers.replaySending');
      if (row.peer_id !== null) await deliveries.wake(trx, row.peer_id, now, row.stream);
      const detail = { status: row.status, attempts: row.attempts, last_error: row.last_error };
      await auditRepository.record(trx, actor, 'delivery_replay', { type: 'outbox', id }, detail, now);
      return this.deliveryView((await deliveries.find(trx, id))!);
    });
  }

  private deliveryView(r: DeliveryRow) {
    const alarm = this.deps.config.mail.alarmAfterAttempts;
    const done = r.status === 'sent';
    return {
      id: r.id,
      delivery: `wh-${r.id}`,
      peer_id: r.peer_id,
      peer: r.recipient,
      event: r.subject,
      stream: r.stream,
      state: r.status === 'sending' ? 'pending' : r.status,
      failing: r.status === 'failed' || (!done && r.attempts >= alarm),
      attempts: r.attempts,
      last_error: r.last_error,
      next_attempt_at: done || r.status === 'failed' ? null : iso(r.next_attempt_at),
      sent_at: iso(r.sent_at),
      created_at: iso(r.created_at),
    };
  }

  private async issueKey(trx: Executor, actor: Actor, peerId: number, now: string) {
    const keyId = `pk_${randomBytes(8).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    const id = await peersRepository.insertKey(trx, {
      peer_id: peerId,
      key_id: keyId,
      secret_sealed: this.deps.sealer.seal(secret),
      not_after: null,
      created_by: actor.id,
      created_at: now,
    });
    return { id, key_id: keyId, secret, created_at: iso(now) };
  }

  private async peer(db: Executor, id: number): Promise<PeerRow> {
    const peer = await peersRepository.find(db, id);
    if (!peer) throw errors.notFound('peer');
    return peer;
  }
}
