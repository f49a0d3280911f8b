// Group commit for the hot path of review devices: good ratings of no ticket, which need nothing but their
// row and the department's day counters. Ratings that arrive while a batch is being written wait for the
// next one, which writes them all in one transaction (one multi-row insert, one counter bump per
// department-day). Each post is answered only after its batch has committed, so an acknowledged rating is
// stored; under light load a batch holds one rating and costs what a single write costs.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, withTransaction } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import { GroupCommit } from '../../lib/group-commit.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { holdBursts, recheckBursts } from './rating-bursts.ts';
import type { NewRating, RatingStore } from './rating-store.ts';
import { ratingsRepository as repo } from './ratings.repository.ts';

export interface Stored {
  id: number;
  created: boolean;
}

export class RatingBatcher {
  private readonly commits: GroupCommit<NewRating, Stored>;

  constructor(
    private readonly deps: { db: Db; config: Config; store: RatingStore },
    maxBatch = 500,
  ) {
    this.commits = new GroupCommit((rows) => this.write(rows), maxBatch);
  }

  /** Stores a rating that has a dedupe key; `created` is false when that key was already stored. */
  store(row: NewRating): Promise<Stored> {
    return this.commits.submit(row);
  }

  private async write(rows: NewRating[]): Promise<Stored[]> {
    // The same key twice in a batch (a device's racing retries): the first stores it, the rest answer its row.
    const keys = [...new Set(rows.map((r) => r.dedupe_key!))];
    let counted: Array<NewRating & { id: number }> = [];
    try {
      const { ids, existed } = await withTransaction(this.deps.db, async (trx) => {
        const existing = await repo.idsByDedupeKeys(trx, keys);
        const fresh = keys.filter((k) => !existing.has(k)).map((k) => rows.find((r) => r.dedupe_key === k)!);
        if (fresh.length === 0) return { ids: existing, existed: new Set(existing.keys()) };
        const inserted = await this.deps.store.insertBatch(trx, fresh);
        const rated = fresh.map((r) => ({ ...r, id: inserted.get(r.dedupe_key!)! }));
        // Those caught in a burst are held out of the counters (rating-bursts.ts).
        const held = await holdBursts(trx, this.deps.config.ratings.burst, rated, rated[0].created_at);
        counted = rated.filter((r) => !held.has(r.id));
        // One insert of messages for the batch; no query at all when no province system is configured.
        await this.deps.store.sendCounted(trx, counted, fromDbTime(rated[0].created_at)!);
        await figuresRecorder.ratedMany(trx, counted);
        return { ids: new Map([...existing, ...inserted]), existed: new Set(existing.keys()) };
      });
      // Counted as not in a burst: looked at again now that racing batches have committed (rating-bursts.ts).
      if (counted.length)
        await recheckBursts(this.deps.db, this.deps.config.ratings.burst, counted, counted[0].created_at);
      const first = new Set<string>();
      return rows.map((r) => {
        const key = r.dedupe_key!;
        const created = !existed.has(key) && !first.has(key);
        first.add(key);
        return { id: ids.get(key)!, created };
      });
    } catch (err) {
      // Another instance stored this key meanwhile (a batch of several is written again row by row first).
      if (rows.length > 1 || !isDuplicateKey(err)) throw err;
      return [{ id: (await repo.idsByDedupeKeys(this.deps.db, keys)).get(keys[0])!, created: false }];
    }
  }
}
