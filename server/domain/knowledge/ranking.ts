// How a query matches and ranks articles. An operator types the caller's words, not the article's: 提取公积金 must
// find 公积金提取 (another word order) and 公积金贷款 must find it too (a shared word). So a term matches an article
// holding enough of the term's character pairs (bigrams), not necessarily the whole term, and the best matches
// come first: those whose title holds the term, then those whose title and text hold most of it.
import { bigrams } from './search-text.ts';

export interface Term {
  text: string;
  /** The term's distinct bigrams; none for a one-character term, which is then matched literally. */
  grams: number[];
  /** The same pairs as text, to look for in a title. */
  pairs: string[];
  /** How many of them an article must hold. */
  need: number;
}

/**
 * A term of up to three characters (one or two bigrams) must be there whole, in any case adjacent pairs; a longer
 * one needs half its pairs (公积金贷款: 公积 积金 of 公积 积金 金贷 贷款), but never more than four, so a long title
 * typed into the search still finds the article that answers it.
 */
export function needed(n: number): number {
  return n <= 2 ? n : Math.min(Math.max(2, Math.ceil(n / 2)), 4);
}

export function toTerms(texts: string[]): Term[] {
  return texts.map((text) => {
    const grams = bigrams(text);
    const pairs = [
      ...new Set(
        (text.match(/[\p{L}\p{N}]+/gu) ?? []).flatMap((run) => {
          const chars = Array.from(run);
          return chars.slice(1).map((c, i) => chars[i] + c);
        }),
      ),
    ];
    return { text, grams, pairs, need: needed(grams.length) };
  });
}

/**
 * A title as terms are written (normalize: NFKC, lower case), cheaply: ranking reads thousands of titles, and NFKC
 * costs. Full-width letters and digits (ＥＴＣ１２３), the case that matters in titles, are folded by hand.
 */
export const titleForm = (title: string) =>
  (/[\uff01-\uff5e]/.test(title)
    ? title.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    : title
  ).toLowerCase();

/** A candidate as the index found it: per term, how many of its bigrams the article holds. */
export interface Scored {
  id: number;
  title: string;
  use_count: number;
  updated_at: string;
  held: number[];
}

/**
 * Per term: the share of its pairs in the title (weight 4), the whole term in the title (2), the share of its
 * pairs anywhere in the article (1), and how much of the title the term covers (1: of 公积金提取 and 住房公积金提取
 * 条件与办理流程, the shorter, more focused title wins). A literal (one-character) term counts in the title only.
 */
export function score(terms: Term[], title: string, held: number[]): number {
  // Ranking reads every candidate's title (thousands for a common word): a few substring looks each, no more.
  let sum = 0;
  terms.forEach((term, i) => {
    const inTitle = title.includes(term.text) ? 1 : 0;
    if (!term.grams.length) {
      sum += 3 * inTitle;
      return;
    }
    const shared = term.pairs.reduce((n, p) => n + (title.includes(p) ? 1 : 0), 0);
    sum +=
      4 * (shared / term.pairs.length) +
      2 * inTitle +
      (held[i] ?? term.grams.length) / term.grams.length +
      shared / Math.max(1, title.length - 1);
  });
  return sum / Math.max(1, terms.length);
}
