// Every query of display links. A link's token is looked up by its SHA-256 only.
import type { Executor } from '../../lib/db.ts';

export interface DisplayLinkRow {
  id: number;
  name: string;
  token_hash: string;
  revoked_at: string | null;
}
export interface DisplayLinkListed {
  id: number;
  name: string;
  revoked_at: string | null;
  created_at: string;
}
interface NewDisplayLink {
  name: string;
  token_hash: string;
  created_by: number | null;
  created_at: string;
}

export const displayLinksRepository = {
  async insert(db: Executor, row: NewDisplayLink): Promise<number> {
    const [id] = await db('display_links').insert(row);
    return Number(id);
  },

  async list(db: Executor): Promise<DisplayLinkListed[]> {
    return db('display_links').orderBy('id').select('id', 'name', 'revoked_at', 'created_at');
  },

  /** The link holding a token, revoked or not (the caller decides). */
  async findByHash(db: Executor, tokenHash: string): Promise<DisplayLinkRow | null> {
    const row = await db('display_links')
      .where({ token_hash: tokenHash })
      .first('id', 'name', 'token_hash', 'revoked_at');
    return row ?? null;
  },

  /** Revokes once; false when it is unknown or already was. */
  async revoke(db: Executor, id: number, now: string): Promise<boolean> {
    return (await db('display_links').where({ id }).whereNull('revoked_at').update({ revoked_at: now })) > 0;
  },
};
