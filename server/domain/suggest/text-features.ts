// What the suggestion model reads in an order's words: Chinese has no spaces, so each character and each pair of
// neighbouring characters is a feature (垃圾 and 圾清 say more than 垃 alone); a run of Latin letters is one word.
// Digits are dropped: door numbers and sums say nothing of the matter, and would only split the counts.

// Letters of any script (digits and punctuation end a run, so a pair never spans them).
const RUN = /\p{L}+/gu;
const HAN = /\p{Script=Han}/u;

/** The features of a text: character unigrams and bigrams of Chinese runs, lower-case words of other scripts. */
export function textFeatures(text: string): string[] {
  const out: string[] = [];
  for (const run of text.normalize('NFKC').toLowerCase().match(RUN) ?? []) {
    if (!HAN.test(run)) {
      if (run.length > 1) out.push(run);
      continue;
    }
    const chars = Array.from(run);
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]);
      if (i + 1 < chars.length) out.push(chars[i] + chars[i + 1]);
    }
  }
  return out;
}

/** An order's words as the category model reads them: the title counts twice (it says the matter in short). */
export function orderFeatures(o: { title?: string | null; description?: string | null }): string[] {
  const title = textFeatures(o.title ?? '');
  return [...title, ...title, ...textFeatures(o.description ?? '')];
}
