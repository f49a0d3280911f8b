// The api_keys partner systems submit Open311 requests with, issued by administrators: keyed secrets
// (lib/keyed-secrets.ts) shown once, `o311_` and 192 random bits, kept as SHA-256 with their first 12 characters.
// Submissions are few, so every one asks the database (no cache).
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { KeyedSecrets } from '../../lib/keyed-secrets.ts';
import { iso } from '../../lib/time.ts';
import type { Actor } from '../users/actor.ts';
import { open311Repository as repo, type Open311KeyRow } from './open311.repository.ts';

const view = (k: Open311KeyRow) => ({
  id: k.id,
  name: k.name,
  key_prefix: k.key_prefix,
  created_by: k.created_by,
  created_at: iso(k.created_at),
  revoked_at: iso(k.revoked_at),
});

export class Open311KeysService {
  private readonly keys: KeyedSecrets<Open311KeyRow>;

  constructor(private readonly db: Db) {
    this.keys = new KeyedSecrets({
      format: { prefix: 'o311_', bytes: 24, shownChars: 12 },
      findByHash: (hash) => repo.findKeyByHash(this.db, hash),
      hashOf: (row) => row.key_hash,
    });
  }

  async issue(actor: Actor, name: string) {
    const { secret: key, hash, shown } = this.keys.issue();
    const id = await repo.insertKey(this.db, {
      name,
      key_hash: hash,
      key_prefix: shown,
      created_by: actor.id,
      created_at: toDbTime(clock.now()),
    });
    return { ...view((await repo.findKey(this.db, id))!), key };
  }

  async list() {
    return (await repo.listKeys(this.db)).map(view);
  }

  /** Revoking twice is harmless: the first revocation time stays. */
  async revoke(id: number) {
    if (!(await repo.findKey(this.db, id))) throw errors.notFound('open311Key');
    await repo.revokeKey(this.db, id, toDbTime(clock.now()));
    this.keys.forget();
    return view((await repo.findKey(this.db, id))!);
  }

  /** The live key, or 403 (GeoReport v2: a missing or invalid api_key is a 403). */
  async authenticate(key: string | undefined): Promise<{ id: number; name: string }> {
    const row = await this.keys.find(key);
    if (!row || row.revoked_at) {
      throw new AppError(403, 'FORBIDDEN', key ? 'open311.keyInvalid' : 'open311.keyMissing');
    }
    return { id: row.id, name: row.name };
  }
}
