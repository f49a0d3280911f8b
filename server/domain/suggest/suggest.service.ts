// The suggested dispatch's service: keeps the model in this instance's memory, learns it from the city's recent
// dispatched orders, and answers the console with names from the catalogue in force.
//
// Each instance holds its own model (a few megabytes for 20,000 orders; nothing is stored). It is learnt when the
// instance starts (server/main.ts; a suggestion asked before that is done waits for it), again by the nightly
// `suggest-train` job on the instance that takes the job's lease, and, on every other instance, in the background on
// the first suggestion asked once its model is older than MAX_AGE_HOURS (the old model answers meanwhile). Learning
// reads at most MAX_ORDERS orders of the last MONTHS months, so it takes about the same time in a small city and a
// large one (bench/suggest-accuracy.ts times it).
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { iso } from '../../lib/time.ts';
import type { Logger } from '../../lib/logger.ts';
import { entryAt } from '../categories/catalogue-entry.ts';
import { DEFAULT_SUGGEST, SuggestModel } from './suggest-model.ts';
import { suggestRepository as repo } from './suggest.repository.ts';
import type { SuggestQuery } from './suggest.schemas.ts';

export const MONTHS = 12;
export const MAX_ORDERS = 20_000;
export const MAX_AGE_HOURS = 26;

export interface SuggestedCategory {
  id: number;
  code: string | null;
  name: string;
  confidence: number;
}

export interface SuggestAnswer {
  suggestion: {
    category: SuggestedCategory;
    department: { id: number; name: string; confidence: number } | null;
    alternatives: SuggestedCategory[];
  } | null;
  model: { trained_at: string; orders: number };
}

/** A tenth of a percent is more than anyone reads; a model is never certain, so 0.9996 reads 0.999, not 1. */
const rounded = (p: number) => Math.min(0.999, Math.round(p * 1000) / 1000);

export class SuggestService {
  private model: SuggestModel | null = null;
  private training: Promise<SuggestModel> | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /** Learns the model from the city's recent orders (one learning at a time; a second caller shares it). */
  train(): Promise<SuggestModel> {
    this.training ??= (async () => {
      const now = clock.now();
      const since = new Date(now);
      since.setUTCMonth(since.getUTCMonth() - MONTHS);
      const started = Date.now();
      const rows = await repo.trainingOrders(this.db, toDbTime(since), MAX_ORDERS);
      const model = new SuggestModel(rows, now, DEFAULT_SUGGEST, await repo.leafNames(this.db));
      this.model = model;
      this.logger.info({ orders: rows.length, ms: Date.now() - started }, 'suggestion model learnt');
      return model;
    })().finally(() => {
      this.training = null;
    });
    return this.training;
  }

  /** The model to answer with: learnt now when there is none, refreshed in the background when old. */
  private async current(): Promise<SuggestModel> {
    if (!this.model) return this.train();
    const age = clock.now().getTime() - this.model.trainedAt.getTime();
    if (age > MAX_AGE_HOURS * 3600_000 || age < 0) {
      this.train().catch((err) => this.logger.error({ err }, 'suggestion model refresh failed'));
    }
    return this.model;
  }

  async suggest(q: SuggestQuery): Promise<SuggestAnswer> {
    const model = await this.current();
    const now = clock.now();
    const ranked = model.rankCategories(q).slice(0, 10);
    const active = await repo.activeLeaves(
      this.db,
      ranked.map((c) => c.id),
    );
    const entries = new Map<number, Awaited<ReturnType<typeof entryAt>>>();
    const found = await model.suggest(q, async (id) => {
      if (!active.has(id)) return undefined;
      const entry = await entryAt(this.db, id, now);
      entries.set(id, entry);
      return entry ? entry.department_id : undefined;
    });
    const info = { trained_at: iso(model.trainedAt), orders: model.orders };
    if (!found) return { suggestion: null, model: info };
    const named = (c: { id: number; confidence: number }): SuggestedCategory => {
      const e = entries.get(c.id)!;
      return { id: c.id, code: e.code, name: e.name, confidence: rounded(c.confidence) };
    };
    const d = found.department;
    const name = d ? await repo.departmentName(this.db, d.id) : null;
    return {
      suggestion: {
        category: named(found.category),
        department: d && name !== null ? { id: d.id, name, confidence: rounded(d.confidence) } : null,
        alternatives: found.alternatives.map(named),
      },
      model: info,
    };
  }
}
