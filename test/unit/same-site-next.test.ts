// The sign-in page's `next` (web/src/ui/next.ts): only a page of this site, however a browser would read the path.
import { expect } from 'chai';
import { sameSiteNext } from '../../web/src/ui/next.ts';

const ORIGIN = 'https://hotline.example.gov';

describe('sameSiteNext: where signing in may send the browser', () => {
  it('keeps a path of this site with its query and fragment', () => {
    expect(sameSiteNext('/console', ORIGIN)).to.equal('/console');
    expect(sameSiteNext('/bulletin?month=2026-11#top', ORIGIN)).to.equal('/bulletin?month=2026-11#top');
    expect(sameSiteNext('/tickets/12', ORIGIN)).to.equal('/tickets/12');
  });

  it('refuses every path a browser reads as another site', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example/',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r//evil.example',
      '\\/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' /console',
      '/\u0000x',
      '',
    ]) {
      expect(sameSiteNext(next, ORIGIN), JSON.stringify(next)).to.equal(null);
    }
    expect(sameSiteNext(null, ORIGIN)).to.equal(null);
  });

  it('refuses what only becomes another site once the browser has read it', () => {
    // The browser itself turns these into //evil.example: the check is on the address as read, not as written.
    expect(new URL('/\t/evil.example', ORIGIN).host).to.equal('evil.example');
    expect(new URL('/\\evil.example/', ORIGIN).host).to.equal('evil.example');
    expect(sameSiteNext('/%09/evil.example', ORIGIN)).to.equal('/%09/evil.example');
  });
});
