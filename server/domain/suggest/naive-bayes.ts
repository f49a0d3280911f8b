// A multinomial naive Bayes over features (text-features.ts), small enough to keep in memory and to read in one
// sitting. Two choices make its numbers fit to show an operator as a confidence:
//
// - Each class's feature distribution is smoothed toward the distribution of all classes together (a Dirichlet
//   prior of weight `mu`), not toward "every feature equally likely": a class with little history then reads
//   like the city at large instead of being pushed away by every common word.
// - Naive Bayes multiplies features as if independent; a character and the pairs it is part of are not, so the raw
//   posterior is near 0 or 1 for almost any text. The evidence of a text is therefore scaled to `evidence`
//   features at most (its log-likelihood times evidence / features read), which keeps the ranking and gives
//   confidences that track how often the first guess is right (measured in bench/suggest-accuracy.ts).
export interface NaiveBayesOptions {
  /** Weight of the all-classes distribution in each class's (in feature counts). */
  mu: number;
  /** How many independent features a text's evidence counts as at most. */
  evidence: number;
}

// Chosen on the demo city (bench/suggest-accuracy.ts): with these the mean confidence of the first category is
// within a few points of how often it is right, on wordings the model has not seen.
export const DEFAULT_NB: NaiveBayesOptions = { mu: 100, evidence: 5 };

export class NaiveBayes<L> {
  private readonly index = new Map<L, number>();
  readonly labels: L[] = [];
  private readonly docs: number[] = [];
  private readonly totals: number[] = [];
  /** Each feature's number (numbers are cheaper keys than strings when learning 20,000 orders). */
  private readonly ids = new Map<string, number>();
  /** Occurrences of each feature, all classes together. */
  private readonly all: number[] = [];
  /** Per class, the occurrences of each feature (by number) in it. */
  private readonly perClass: Map<number, number>[] = [];
  /** Per feature, the classes that have it and how often: built from `perClass` when first asked. */
  private byFeature: { classes: Int32Array; counts: Float64Array }[] | null = null;
  private allTotal = 0;
  private documents = 0;

  constructor(private readonly options: NaiveBayesOptions = DEFAULT_NB) {}

  /** Learns one document of a class. */
  add(features: readonly string[], label: L): void {
    let c = this.index.get(label);
    if (c === undefined) {
      c = this.labels.length;
      this.index.set(label, c);
      this.labels.push(label);
      this.docs.push(0);
      this.totals.push(0);
      this.perClass.push(new Map());
    }
    this.docs[c]++;
    this.documents++;
    this.byFeature = null;
    const mine = this.perClass[c];
    for (const f of features) {
      let id = this.ids.get(f);
      if (id === undefined) {
        id = this.all.length;
        this.ids.set(f, id);
        this.all.push(0);
      }
      this.all[id]++;
      mine.set(id, (mine.get(id) ?? 0) + 1);
    }
    this.totals[c] += features.length;
    this.allTotal += features.length;
  }

  /** Arranges the counts for asking (done when first asked otherwise; learning calls it so no request waits). */
  prepare(): void {
    this.classesOf();
  }

  private classesOf(): { classes: Int32Array; counts: Float64Array }[] {
    if (this.byFeature) return this.byFeature;
    const lists: number[][] = this.all.map(() => []);
    this.perClass.forEach((features, c) => {
      for (const [id, n] of features) lists[id].push(c, n);
    });
    this.byFeature = lists.map((l) => ({
      classes: Int32Array.from(l.filter((_, i) => i % 2 === 0)),
      counts: Float64Array.from(l.filter((_, i) => i % 2 === 1)),
    }));
    return this.byFeature;
  }

  get size(): number {
    return this.documents;
  }

  /** Documents learnt of a class (0 for a class never seen). */
  docsOf(label: L): number {
    const c = this.index.get(label);
    return c === undefined ? 0 : this.docs[c];
  }

  /** Whether any of the features was seen in training (a text of none is no evidence of anything). */
  knows(features: readonly string[]): boolean {
    return features.some((f) => this.ids.has(f));
  }

  /**
   * Each class's scaled log-likelihood of the features (features never seen in training add nothing: they say
   * nothing of any class). The last entry (label null) is the city at large, for a class never seen.
   */
  logLikelihoods(features: readonly string[]): { label: L | null; value: number }[] {
    const known = features.filter((f) => this.ids.has(f));
    // Divided by every feature read, known or not: a text mostly of words never seen is weak evidence even where
    // its one known word belongs to a single class.
    const scale = known.length ? Math.min(1, this.options.evidence / features.length) : 0;
    const { mu } = this.options;
    // log((n_fc + mu·p_f) / (N_c + mu)) summed over the features, in two parts so that the cost follows the counts
    // the features have rather than features × classes (a large city's catalogue has hundreds of categories):
    // log(mu·p_f) − log(N_c + mu) for every class, plus log(1 + n_fc / (mu·p_f)) where the class has the feature.
    let base = 0;
    let background = 0;
    const sums = new Float64Array(this.labels.length);
    const byFeature = this.classesOf();
    for (const f of known) {
      const id = this.ids.get(f)!;
      const pAll = this.all[id] / this.allTotal;
      background += Math.log(pAll);
      base += Math.log(mu * pAll);
      const { classes, counts } = byFeature[id];
      for (let i = 0; i < classes.length; i++) sums[classes[i]] += Math.log1p(counts[i] / (mu * pAll));
    }
    for (let c = 0; c < sums.length; c++) sums[c] += base - known.length * Math.log(this.totals[c] + mu);
    return [
      ...this.labels.map((label, c) => ({ label, value: sums[c] * scale })),
      { label: null, value: background * scale },
    ];
  }

  /**
   * The classes ranked by posterior probability: the prior is each class's share of the documents (plus one, so a
   * rare class is not ruled out), the likelihood scaled as above, normalised over the classes learnt.
   */
  rank(features: readonly string[]): { label: L; p: number }[] {
    if (!this.documents) return [];
    const n = this.labels.length;
    const scored = this.logLikelihoods(features)
      .filter((x): x is { label: L; value: number } => x.label !== null)
      .map((x, c) => ({ label: x.label, s: x.value + Math.log((this.docs[c] + 1) / (this.documents + n)) }));
    return softmax(scored).sort((a, b) => b.p - a.p);
  }
}

/** Probabilities from log scores, computed without overflow. */
export function softmax<L>(scored: { label: L; s: number }[]): { label: L; p: number }[] {
  const max = Math.max(...scored.map((x) => x.s));
  const exp = scored.map((x) => Math.exp(x.s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return scored.map((x, i) => ({ label: x.label, p: exp[i] / sum }));
}
