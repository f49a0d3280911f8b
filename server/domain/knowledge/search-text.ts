// How the knowledge base compares text: NFKC (full-width ＡＢＣ１２３ become ABC123) and lower case, and the
// character bigrams that index it. Pure functions, shared by writing the index and by searching it.

/** The form in which articles are stored for search and queries are matched. */
export function normalize(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

// Letters and digits of any script: a bigram never spans punctuation or space.
const RUN = /[\p{L}\p{N}]+/gu;

/** One UTF-16 unit per character; characters outside the BMP share one code, which only widens candidates. */
function units(run: string): number[] {
  return Array.from(run, (ch) => {
    const cp = ch.codePointAt(0)!;
    return cp > 0xffff ? 0xfffd : cp;
  });
}

/** The distinct bigrams of normalised text, each two characters packed into one unsigned 32-bit integer. */
export function bigrams(text: string): number[] {
  const out = new Set<number>();
  for (const run of text.match(RUN) ?? []) {
    const u = units(run);
    for (let i = 0; i + 1 < u.length; i++) out.add(u[i] * 0x10000 + u[i + 1]);
  }
  return [...out];
}

/** The text an article is searched by: title first, so a match's position tells a title hit from a body hit. */
export function searchText(a: { title: string; keywords: string[]; body: string }): string {
  return normalize([a.title, a.keywords.join(' '), a.body].join('\n'));
}

/** A query as terms (split on spaces, all must match), normalised; empty terms dropped, duplicates too. */
export function queryTerms(q: string): string[] {
  return [...new Set(normalize(q).split(/\s+/).filter(Boolean))];
}

/** Where a term, else (a term matched in another word order) one of its character pairs, first occurs. */
function firstAt(norm: string, terms: string[]): number {
  const pairs = terms.flatMap((t) => Array.from({ length: Math.max(0, t.length - 1) }, (_, i) => t.slice(i, i + 2)));
  for (const words of [terms, pairs]) {
    const at = words
      .map((w) => norm.indexOf(w))
      .filter((i) => i >= 0)
      .sort((a, b) => a - b)[0];
    if (at !== undefined) return at;
  }
  return 0;
}

/** A short excerpt of the body around the first term found, for the result list. */
export function snippet(body: string, terms: string[], width = 60): string {
  const norm = normalize(body);
  // NFKC can change lengths (rarely, e.g. ligatures); positions are then approximate, which is fine for a preview.
  const at = firstAt(norm, terms);
  const start = Math.max(0, at - Math.floor(width / 3));
  const text = body.slice(start, start + width).replace(/\s+/g, ' ');
  return (start > 0 ? '…' : '') + text + (start + width < body.length ? '…' : '');
}
