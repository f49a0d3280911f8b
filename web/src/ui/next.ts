// Where the sign-in page may send the browser after signing in (`/?next=…`): a page of this site only. A browser
// reads `/\evil.example` and `/<TAB>/evil.example` (tabs and newlines are dropped from addresses) as
// `//evil.example`, another site, so a path must start with one '/', not '//' or '/\', hold no control character,
// and still be of this origin once the browser has read it.
export function sameSiteNext(next: string | null, origin: string): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  return url.origin === new URL(origin).origin ? url.pathname + url.search + url.hash : null;
}
