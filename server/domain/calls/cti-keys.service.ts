// Keys with which the telephone system (CTI) posts call records, issued by administrators. A key is shown once
// when issued; only its SHA-256 is kept (a random 192-bit key needs no slow hash), plus a prefix to tell keys apart.
// Every call record authenticates by key, so a lookup is kept for a few seconds (config intake.ctiKeyCacheMs).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import type { Actor } from '../users/actor.ts';
import { iso } from '../../lib/time.ts';
import { callsRepository as repo, type CtiKeyRow } from './calls.repository.ts';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');

const view = (k: CtiKeyRow) => ({
  id: k.id, name: k.name, key_prefix: k.key_prefix, created_by: k.created_by, created_at: iso(k.created_at),
  revoked_at: iso(k.revoked_at),
});

export class CtiKeysService {
  private cache = new Map<string, { id: number; at: number }>();

  constructor(private readonly db: Db, private readonly cacheMs = 5000) {}

  async issue(actor: Actor, name: string) {
    const key = `cti_${randomBytes(24).toString('base64url')}`;
    const id = await repo.insertCtiKey(this.db, {
      name, key_hash: hash(key), key_prefix: key.slice(0, 12), created_by: actor.id, created_at: toDbTime(clock.now()),
    });
    return { ...view((await repo.findCtiKey(this.db, id))!), key };
  }

  async list() {
    return (await repo.listCtiKeys(this.db)).map(view);
  }

  /** Revoking twice is harmless: the first revocation time stays. */
  async revoke(id: number) {
    if (!(await repo.findCtiKey(this.db, id))) throw errors.notFound('CTI 密钥');
    await repo.revokeCtiKey(this.db, id, toDbTime(clock.now()));
    this.cache.clear();
    return view((await repo.findCtiKey(this.db, id))!);
  }

  /** The id of the live key, or 401 for an unknown or revoked one. */
  async authenticate(key: string): Promise<number> {
    const h = hash(key);
    const hit = this.cache.get(h);
    if (hit && performance.now() - hit.at < this.cacheMs) return hit.id;
    const row = await repo.findCtiKeyByHash(this.db, h);
    if (!row || row.revoked_at) {
      this.cache.delete(h);
      throw errors.unauthenticated('CTI 密钥无效或已吊销 / unknown or revoked CTI key');
    }
    // Only live keys are kept, so a flood of made-up keys cannot grow the map.
    this.cache.set(h, { id: row.id, at: performance.now() });
    return row.id;
  }
}
