import { expect } from 'chai';
import { Signer } from '../../server/lib/signing.ts';
import { clock } from '../../server/lib/clock.ts';
import { parseToken, ratingUrl, staticToken } from '../../server/domain/ratings/rating-links.ts';
import { FixedWindowLimiter } from '../../server/http/middleware/rate-limit.ts';

describe('rating tokens', () => {
  const signer = new Signer();
  signer.setSecret('test-secret');

  describe('staticToken / parseToken', () => {
    it('round-trips a window and a staff member', () => {
      expect(parseToken(signer, staticToken(signer, 'window', 12))).to.deep.equal({ kind: 'window', id: 12 });
      expect(parseToken(signer, staticToken(signer, 'staff', 7))).to.deep.equal({ kind: 'staff', id: 7 });
    });

    it('refuses a token signed with another secret, moved to another id or kind, or malformed', () => {
      const other = new Signer();
      other.setSecret('another-secret');
      const good = staticToken(signer, 'window', 12);
      const sig = good.split('.')[2];
      for (const token of [
        staticToken(other, 'window', 12),
        `w.13.${sig}`,
        `s.12.${sig}`,
        `w.12.${sig.slice(1)}`,
        'w.12',
        '',
        'w.x.' + sig,
      ]) {
        expect(parseToken(signer, token), token).to.equal(null);
      }
    });

    it('takes a random 24-character token as a ticket link, left to the database to confirm', () => {
      expect(parseToken(signer, 'abcdefghijklmnopqrstuvwx')).to.deep.equal({
        kind: 'ticket',
        token: 'abcdefghijklmnopqrstuvwx',
      });
      expect(parseToken(signer, 'abc/../defghijklmnopqrst')).to.equal(null);
    });

    it('needs the secret before it signs', () => {
      expect(() => staticToken(new Signer(), 'window', 1)).to.throw(/secret/);
    });
  });

  it('ratingUrl puts the token under /rate/', () => {
    expect(ratingUrl('https://12345.example.gov.cn/', 'w.1.x')).to.equal('https://12345.example.gov.cn/rate/w.1.x');
  });
});

describe('FixedWindowLimiter', () => {
  afterEach(() => clock.reset());

  it('lets perWindow hits from one key through per window, others apart, and starts again with the next window', () => {
    const limiter = new FixedWindowLimiter(() => ({ windowSeconds: 60, perWindow: 2 }));
    clock.set('2030-01-01T00:00:10Z');
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')].map((h) => h.allowed)).to.deep.equal([
      true,
      true,
      false,
    ]);
    expect(limiter.hit('a').retryAfterS).to.equal(50);
    expect(limiter.hit('b').allowed).to.equal(true);
    clock.set('2030-01-01T00:01:00Z');
    expect(limiter.hit('a').allowed).to.equal(true);
  });

  it('keeps counting known keys when a flood of new ones fills the table; the new ones share one count', () => {
    const limiter = new FixedWindowLimiter(() => ({ windowSeconds: 60, perWindow: 2 }), 3);
    clock.set('2030-01-01T00:00:10Z');
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')].map((h) => h.allowed)).to.deep.equal([
      true,
      true,
      false,
    ]);
    limiter.hit('b');
    limiter.hit('c');
    // The table is full: 'a' stays refused, and the flood's new addresses together get one window's allowance.
    expect(limiter.hit('a').allowed).to.equal(false);
    expect([limiter.hit('d'), limiter.hit('e'), limiter.hit('f')].map((h) => h.allowed)).to.deep.equal([
      true,
      true,
      false,
    ]);
  });
});
