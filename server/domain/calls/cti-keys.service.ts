// Keys with which the telephone system (CTI) posts call records, issued by administrators: keyed secrets
// (lib/keyed-secrets.ts) shown once, `cti_` and 192 random bits, kept as SHA-256 with their first 12 characters.
// Every call record authenticates by key, so a lookup is kept for a few seconds (config intake.ctiKeyCacheMs).
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { KeyedSecrets } from '../../lib/keyed-secrets.ts';
import type { Actor } from '../users/actor.ts';
import { iso } from '../../lib/time.ts';
import { callsRepository as repo, type CtiKeyRow } from './calls.repository.ts';

const view = (k: CtiKeyRow) => ({
  id: k.id,
  name: k.name,
  key_prefix: k.key_prefix,
  created_by: k.created_by,
  created_at: iso(k.created_at),
  revoked_at: iso(k.revoked_at),
});

export class CtiKeysService {
  private readonly keys: KeyedSecrets<CtiKeyRow>;

  constructor(
    private readonly db: Db,
    cacheMs = 5000,
  ) {
    this.keys = new KeyedSecrets({
      format: { prefix: 'cti_', bytes: 24, shownChars: 12 },
      findByHash: (hash) => repo.findCtiKeyByHash(this.db, hash),
      hashOf: (row) => row.key_hash,
      cacheMs: () => cacheMs,
    });
  }

  async issue(actor: Actor, name: string) {
    const { secret: key, hash, shown } = this.keys.issue();
    const id = await repo.insertCtiKey(this.db, {
      name,
      key_hash: hash,
      key_prefix: shown,
      created_by: actor.id,
      created_at: toDbTime(clock.now()),
    });
    return { ...view((await repo.findCtiKey(this.db, id))!), key };
  }

  async list() {
    return (await repo.listCtiKeys(this.db)).map(view);
  }

  /** Revoking twice is harmless: the first revocation time stays. */
  async revoke(id: number) {
    if (!(await repo.findCtiKey(this.db, id))) throw errors.notFound('ctiKey');
    await repo.revokeCtiKey(this.db, id, toDbTime(clock.now()));
    this.keys.forget();
    return view((await repo.findCtiKey(this.db, id))!);
  }

  /** The id of the live key, or 401 for an unknown or revoked one. */
  async authenticate(key: string): Promise<number> {
    const row = await this.keys.find(key);
    if (!row || row.revoked_at) throw errors.unauthenticated('cti.badKey');
    return row.id;
  }
}
