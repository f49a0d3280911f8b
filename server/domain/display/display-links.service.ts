// Read-only display links for wall screens (docs/api.md "Pages": /dashboard with a link an administrator issues).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { bus, type DisplayLinkRevoked } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import type { Actor } from '../users/actor.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export class DisplayLinksService {
  constructor(private readonly db: Db, private readonly publicUrl: string) {}

  async issue(actor: Actor, name: string) {
    const token = randomBytes(24).toString('base64url');
    const [id] = await this.db('display_links').insert({ name, token_hash: hash(token), created_by: actor.id, created_at: toDbTime(clock.now()) });
    return { id: Number(id), name, token, url: `${this.publicUrl}/dashboard?display=${token}` };
  }

  async list() {
    return (await this.db('display_links').orderBy('id').select('id', 'name', 'revoked_at', 'created_at'))
      .map((r: { revoked_at: string | null }) => ({ ...r, revoked: r.revoked_at !== null }));
  }

  async revoke(id: number) {
    const n = await this.db('display_links').where({ id }).whereNull('revoked_at').update({ revoked_at: toDbTime(clock.now()) });
    if (!n) throw errors.notFound('大屏链接');
    // The screens already open with it are closed by the live hub (at once here, within its check elsewhere).
    bus.publish({ type: 'display_link.revoked', display_link_id: id } satisfies DisplayLinkRevoked);
  }

  async valid(token: string): Promise<boolean> {
    const row = await this.db('display_links').where({ token_hash: hash(token) }).whereNull('revoked_at').first('id');
    return Boolean(row);
  }
}
