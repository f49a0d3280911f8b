import { expect } from 'chai';
import { ownHub, screen } from '../helpers/live.ts';
import { hotline, ok } from '../helpers/tickets.ts';
import { clock } from '../../server/lib/clock.ts';

/** Runs the clock from a moment on, in real time (a frozen clock would never reach midnight). */
function runFrom(at: string) {
  clock.reset();
  clock.advance(new Date(at).getTime() - Date.now());
}

describe('LiveHub at midnight', () => {
  let display: string;
  before(async () => {
    const h = await hotline();
    display = (await ok(h.admin.post('/api/v1/display-links', { name: '跨日大屏' }), 201)).token;
  });

  it("pushes the new day's picture just after local midnight, with nothing changed", async () => {
    runFrom('2037-03-04T23:59:58.800+08:00');
    // Polling once an hour: nothing but the midnight timer can bring another picture within the test.
    const own = await ownHub({ pollMs: 3_600_000 });
    const s = screen(`${own.url}?display=${display}`);
    try {
      const first = await s.next((m) => m.type === 'dashboard');
      expect(first.data.overview.date).to.equal('2037-03-04');
      const next = await s.next((m) => m.data?.overview?.date === '2037-03-05', 3000);
      expect(next.data.trend.at(-1).day).to.equal('2037-03-05');
      expect(new Date(next.data.at).getTime() - new Date('2037-03-05T00:00:00+08:00').getTime()).to.be.within(0, 1000);
    } finally {
      s.ws.close();
      await own.close();
    }
  });
});
