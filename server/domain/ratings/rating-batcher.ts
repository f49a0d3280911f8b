// Group commit for the hot path of review devices: good ratings of no ticket, which need nothing but their
// row and the department's day counters. Ratings that arrive while a batch is being written wait for the
// next one, which writes them all in one transaction (one multi-row insert, one counter bump per
// department-day). Each post is answered only after its batch has committed, so an acknowledged rating is
// stored; under light load a batch holds one rating and costs what a single write costs.
import { onCommit, withTransaction } from '../../lib/db.ts';
import { isDuplicateKey } from '../../lib/errors.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { publish, storeRating, type NewRating, type StoreDeps } from './rating-store.ts';
import { ratingsRepository as repo } from './ratings.repository.ts';

export interface Stored { id: number; created: boolean }

interface Pending { row: NewRating; resolve: (s: Stored) => void; reject: (err: unknown) => void }

export class RatingBatcher {
  private queue: Pending[] = [];
  private draining = false;

  constructor(private readonly deps: StoreDeps, private readonly maxBatch = 500) {}

  /** Stores a rating that has a dedupe key; `created` is false when that key was already stored. */
  store(row: NewRating): Promise<Stored> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.flush(this.queue.splice(0, this.maxBatch));
    } finally {
      this.draining = false;
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    // The same key twice in a batch (a device's racing retries): the first stores it, the rest answer its row.
    const byKey = new Map<string, Pending[]>();
    for (const p of batch) byKey.set(p.row.dedupe_key!, [...(byKey.get(p.row.dedupe_key!) ?? []), p]);
    let result: { ids: Map<string, number>; existed: Set<string> };
    try {
      result = await withTransaction(this.deps.db, async (trx) => {
        const existing = await repo.idsByDedupeKeys(trx, [...byKey.keys()]);
        const fresh = [...byKey.entries()].filter(([k]) => !existing.has(k)).map(([, ps]) => ps[0].row);
        if (fresh.length === 0) return { ids: existing, existed: new Set(existing.keys()) };
        await repo.insertMany(trx, fresh);
        const inserted = await repo.idsByDedupeKeys(trx, fresh.map((r) => r.dedupe_key!));
        await figuresRecorder.ratedMany(trx, fresh);
        onCommit(trx, () => { for (const r of fresh) publish(r, inserted.get(r.dedupe_key!)!); });
        return { ids: new Map([...existing, ...inserted]), existed: new Set(existing.keys()) };
      });
    } catch (err) {
      // Another instance stored one of these keys meanwhile: fall back to one transaction per rating.
      if (isDuplicateKey(err)) return this.oneByOne(byKey);
      for (const p of batch) p.reject(err);
      return;
    }
    for (const [key, ps] of byKey) {
      const id = result.ids.get(key)!;
      ps.forEach((p, i) => p.resolve({ id, created: i === 0 && !result.existed.has(key) }));
    }
  }

  private async oneByOne(byKey: Map<string, Pending[]>): Promise<void> {
    for (const [key, ps] of byKey) {
      try {
        const id = await storeRating(this.deps, ps[0].row, { actorRole: 'device' });
        const stored = id ?? (await repo.idsByDedupeKeys(this.deps.db, [key])).get(key)!;
        ps.forEach((p, i) => p.resolve({ id: stored, created: i === 0 && id !== null }));
      } catch (err) {
        for (const p of ps) p.reject(err);
      }
    }
  }
}
