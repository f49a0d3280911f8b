// The suggested dispatch (docs/rules/intake.md "Suggested dispatch"): from the words of an order being typed, the
// likely categories, and the unit the city's own history says such an order from that address ends with. Pure:
// trained from rows the service reads, asked with the catalogue's unit of a category; no database, no clock.
//
// Two models learnt from the same orders:
// - category: naive Bayes over the title and description (naive-bayes.ts);
// - unit: for each likely category, the units its past orders were handled by, each weighed by how much the
//   address reads like that unit's past addresses (naive Bayes over the address's characters, shared by all
//   categories, so a district learnt from noise complaints is recognised in a rubbish complaint). The catalogue's
//   unit gets a head start of `catalogueWeight` orders: with no history, or a history that agrees, it is the
//   suggestion. A category whose orders went to several units (the city routes it by place: rubbish, heating to
//   the district of the address) also lends a little weight to every unit that receives such orders, so a
//   district it never sent this category to is still suggested for an address in that district.
import { NaiveBayes, DEFAULT_NB, type NaiveBayesOptions } from './naive-bayes.ts';
import { orderFeatures, textFeatures } from './text-features.ts';

export interface TrainingOrder {
  title: string;
  description: string;
  address: string | null;
  category_id: number;
  /** The unit the order was finally handled by (its main assignment that ended replied). */
  department_id: number;
}

export interface OrderText {
  title?: string | null;
  description?: string | null;
  address?: string | null;
}

export interface Scored {
  id: number;
  confidence: number;
}

export interface ModelSuggestion {
  category: Scored;
  /** Null when no unit reaches the threshold (a category routed by place, asked without an address). */
  department: Scored | null;
  /** The next likely categories, best first. */
  alternatives: Scored[];
}

export interface SuggestOptions {
  /** Below this confidence nothing is suggested (the category), or no unit (the unit). */
  minConfidence: number;
  /** A model learnt from fewer orders suggests nothing. */
  minOrders: number;
  /** The catalogue's unit counts as this many past orders of the category. */
  catalogueWeight: number;
  /** A category's name counts as this many orders titled with it. */
  nameWeight: number;
  text: NaiveBayesOptions;
  place: NaiveBayesOptions;
}

export const DEFAULT_SUGGEST: SuggestOptions = {
  minConfidence: 0.5,
  minOrders: 20,
  catalogueWeight: 2,
  nameWeight: 2,
  text: DEFAULT_NB,
  place: { mu: 5, evidence: 4 },
};

/** How many categories are weighed (and shown: the first and two alternatives). */
const TOP = 3;

export class SuggestModel {
  private readonly text: NaiveBayes<number>;
  private readonly place: NaiveBayes<number>;
  /** category -> unit -> orders of the category the unit handled. */
  private readonly handled = new Map<number, Map<number, number>>();
  /** unit -> its share of the orders of categories handled by several units (routed by place). */
  private readonly placeUnits = new Map<number, number>();
  readonly orders: number;

  /**
   * `names`: the categories' names, learnt as orders titled with them (for the category only): the words of the
   * catalogue help where the city's own orders put a matter otherwise (供暖问题 for 暖气不热). Only for categories
   * with orders: a class learnt from its name alone would read like the city at large and draw every unfamiliar
   * text (measured: bench/suggest-accuracy.ts).
   */
  constructor(
    rows: readonly TrainingOrder[],
    readonly trainedAt: Date,
    private readonly options: SuggestOptions = DEFAULT_SUGGEST,
    names: readonly { id: number; name: string }[] = [],
  ) {
    this.text = new NaiveBayes<number>(options.text);
    this.place = new NaiveBayes<number>(options.place);
    const learnt = new Set(rows.map((r) => r.category_id));
    for (const c of names.filter((x) => learnt.has(x.id))) {
      for (let i = 0; i < options.nameWeight; i++) this.text.add(orderFeatures({ title: c.name }), c.id);
    }
    for (const r of rows) {
      this.text.add(orderFeatures(r), r.category_id);
      this.place.add(textFeatures(r.address ?? ''), r.department_id);
      let units = this.handled.get(r.category_id);
      if (!units) this.handled.set(r.category_id, (units = new Map()));
      units.set(r.department_id, (units.get(r.department_id) ?? 0) + 1);
    }
    this.orders = rows.length;
    let spread = 0;
    for (const units of this.handled.values()) {
      if (units.size < 2) continue;
      for (const [unit, n] of units) {
        this.placeUnits.set(unit, (this.placeUnits.get(unit) ?? 0) + n);
        spread += n;
      }
    }
    for (const [unit, n] of this.placeUnits) this.placeUnits.set(unit, n / spread);
    this.text.prepare();
    this.place.prepare();
  }

  /** The categories ranked by confidence (every category learnt). */
  rankCategories(o: OrderText): Scored[] {
    return this.text.rank(orderFeatures(o)).map((x) => ({ id: x.label, confidence: x.p }));
  }

  /**
   * The suggestion, or null when unsure: too little history, no word the model knows, or a first category below
   * the threshold. `catalogueUnit` answers the unit the catalogue in force names for a category (null: none, or
   * the category is withdrawn or inactive, which is then never suggested).
   */
  async suggest(
    o: OrderText,
    catalogueUnit: (categoryId: number) => Promise<number | null | undefined>,
  ): Promise<ModelSuggestion | null> {
    if (this.orders < this.options.minOrders) return null;
    if (!this.text.knows(orderFeatures(o))) return null;
    const top: (Scored & { unit: number | null })[] = [];
    for (const c of this.rankCategories(o)) {
      if (top.length === TOP) break;
      const unit = await catalogueUnit(c.id);
      if (unit !== undefined) top.push({ ...c, unit });
    }
    if (!top.length || top[0].confidence < this.options.minConfidence) return null;
    const units = this.units(top, o.address ?? '');
    const department = units[0] && units[0].confidence >= this.options.minConfidence ? units[0] : null;
    return {
      category: { id: top[0].id, confidence: top[0].confidence },
      department,
      alternatives: top.slice(1).map((c) => ({ id: c.id, confidence: c.confidence })),
    };
  }

  /**
   * The units ranked by the chance that the order ends with them: over the likely categories, the category's
   * chance times the unit's share of that category's orders from such an address.
   */
  units(categories: readonly (Scored & { unit: number | null })[], address: string): Scored[] {
    const byPlace = new Map<number | null, number>(
      this.place.logLikelihoods(textFeatures(address)).map((x) => [x.label, x.value]),
    );
    // A unit with no past address reads like the city at large (the null entry).
    const placeOf = (unit: number) => byPlace.get(unit) ?? byPlace.get(null) ?? 0;
    const total = new Map<number, number>();
    for (const c of categories) {
      const counts = new Map(this.handled.get(c.id) ?? []);
      // Units beyond the first the category went to: how strongly it looks routed by place.
      const lend = counts.size - 1;
      if (lend > 0) {
        for (const [unit, share] of this.placeUnits) counts.set(unit, (counts.get(unit) ?? 0) + lend * share);
      }
      if (c.unit !== null) counts.set(c.unit, (counts.get(c.unit) ?? 0) + this.options.catalogueWeight);
      if (!counts.size) continue;
      const scored = [...counts].map(([unit, n]) => ({ unit, s: Math.log(n) + placeOf(unit) }));
      const max = Math.max(...scored.map((x) => x.s));
      const sum = scored.reduce((a, x) => a + Math.exp(x.s - max), 0);
      for (const x of scored) total.set(x.unit, (total.get(x.unit) ?? 0) + (c.confidence * Math.exp(x.s - max)) / sum);
    }
    return [...total]
      .map(([id, confidence]) => ({ id, confidence }))
      .sort((a, b) => b.confidence - a.confidence || a.id - b.id);
  }
}
