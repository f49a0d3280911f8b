// Read-only display links for wall screens (docs/api.md "Pages": /dashboard with a link an administrator issues).
// Their tokens are keyed secrets (lib/keyed-secrets.ts): 192 random bits shown once, kept as SHA-256. Screens
// are checked when they connect and again by the live hub, so every check asks the database (no cache).
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { bus, type DisplayLinkRevoked } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { KeyedSecrets } from '../../lib/keyed-secrets.ts';
import type { Actor } from '../users/actor.ts';
import { displayLinksRepository as repo, type DisplayLinkRow } from './display-links.repository.ts';

export class DisplayLinksService {
  private readonly tokens: KeyedSecrets<DisplayLinkRow>;

  constructor(
    private readonly db: Db,
    private readonly publicUrl: string,
  ) {
    this.tokens = new KeyedSecrets({
      format: { prefix: '', bytes: 24, shownChars: 0 },
      findByHash: (hash) => repo.findByHash(this.db, hash),
      hashOf: (row) => row.token_hash,
    });
  }

  async issue(actor: Actor, name: string) {
    const { secret: token, hash } = this.tokens.issue();
    const now = toDbTime(clock.now());
    const id = await repo.insert(this.db, { name, token_hash: hash, created_by: actor.id, created_at: now });
    return { id, name, token, url: `${this.publicUrl}/dashboard?display=${token}` };
  }

  async list() {
    return (await repo.list(this.db)).map((r) => ({ ...r, revoked: r.revoked_at !== null }));
  }

  async revoke(id: number) {
    const revoked = await repo.revoke(this.db, id, toDbTime(clock.now()));
    this.tokens.forget();
    if (!revoked) throw errors.notFound('displayLink');
    // The screens already open with it are closed by the live hub (at once here, within its check elsewhere).
    bus.publish({ type: 'display_link.revoked', display_link_id: id } satisfies DisplayLinkRevoked);
  }

  async valid(token: string): Promise<boolean> {
    const row = await this.tokens.find(token);
    return Boolean(row && !row.revoked_at);
  }
}
