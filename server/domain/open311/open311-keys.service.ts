// The api_keys partner systems submit Open311 requests with, issued by administrators. A key is shown once
// when issued; only its SHA-256 is kept (a random 192-bit key needs no slow hash), plus a prefix to tell keys apart.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { iso } from '../../lib/time.ts';
import type { Actor } from '../users/actor.ts';
import { open311Repository as repo, type Open311KeyRow } from './open311.repository.ts';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');

const view = (k: Open311KeyRow) => ({
  id: k.id, name: k.name, key_prefix: k.key_prefix, created_by: k.created_by, created_at: iso(k.created_at),
  revoked_at: iso(k.revoked_at),
});

export class Open311KeysService {
  constructor(private readonly db: Db) {}

  async issue(actor: Actor, name: string) {
    const key = `o311_${randomBytes(24).toString('base64url')}`;
    const id = await repo.insertKey(this.db, {
      name, key_hash: hash(key), key_prefix: key.slice(0, 12), created_by: actor.id, created_at: toDbTime(clock.now()),
    });
    return { ...view((await repo.findKey(this.db, id))!), key };
  }

  async list() {
    return (await repo.listKeys(this.db)).map(view);
  }

  /** Revoking twice is harmless: the first revocation time stays. */
  async revoke(id: number) {
    if (!(await repo.findKey(this.db, id))) throw errors.notFound('Open311 密钥');
    await repo.revokeKey(this.db, id, toDbTime(clock.now()));
    return view((await repo.findKey(this.db, id))!);
  }

  /** The live key, or 403 (GeoReport v2: a missing or invalid api_key is a 403). */
  async authenticate(key: string | undefined): Promise<{ id: number; name: string }> {
    const row = key ? await repo.findKeyByHash(this.db, hash(key)) : null;
    if (!row || row.revoked_at) {
      throw new AppError(403, 'FORBIDDEN', key
        ? 'api_key 无效或已吊销 / invalid or revoked api_key'
        : '缺少 api_key / api_key is required');
    }
    return { id: row.id, name: row.name };
  }
}
