// Yellow cards by the corrected rule (docs/rules/deadlines.md): from the start of the deadline's own working day,
// so an order dispatched on a Saturday and due on Monday is not yellow before Monday, in its card, the 临期 list and
// the sweep.
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { dispatched, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { clock } from '../../server/lib/clock.ts';
import type { Services } from '../../server/services.ts';

describe('yellow cards over weekends and holidays', () => {
  let h: Hotline;
  let s: Services;
  before(async function () {
    this.timeout(120_000);
    s = (await testApp()).services;
    h = await hotline();
  });

  /**
   * At a Beijing moment: the order's card, whether the department's 临期 list holds it, and the steps the sweep
   * issued.
   */
  async function lookAt(when: string, id: number) {
    clock.set(new Date(`${when}+08:00`));
    await s.escalations.sweep();
    await h.signInAgain();
    const card = (await ok(h.handler.get(`/api/v1/tickets/${id}`))).card;
    const yellow = (await ok(h.handler.get('/api/v1/tickets?card=yellow&per_page=100'))).items.some(
      (x: any) => x.id === id,
    );
    const steps = (await s.db('escalations').where({ ticket_id: id }).orderBy('id')).map((r) => `${r.kind}:${r.level}`);
    return { card, yellow, steps };
  }

  it('keeps an order dispatched on a Saturday and due on Monday out of yellow until Monday begins', async () => {
    await h.travel('2026-11-21T10:00:00+08:00'); // Saturday
    const t = await dispatched(h, { type: 'inquiry' });
    expect(t.sign_deadline_at).to.equal(new Date('2026-11-23T23:59:59+08:00').toISOString());
    expect(t.card).to.equal('none');
    const none = { card: 'none', yellow: false, steps: [] };
    expect(await lookAt('2026-11-21T18:00:00', t.id)).to.deep.equal(none);
    expect(await lookAt('2026-11-22T23:59:59', t.id)).to.deep.equal(none); // Sunday night
    expect(await lookAt('2026-11-23T00:00:01', t.id)).to.deep.equal({
      card: 'yellow',
      yellow: true,
      steps: ['sign:yellow'],
    });
  });

  it('lets the National Day holiday pass without a card, yellow on the first working day after it', async () => {
    await h.travel('2026-09-30T20:00:00+08:00'); // the eve of the holiday; 1-7 October off
    const t = await dispatched(h, { type: 'inquiry' });
    expect(t.sign_deadline_at).to.equal(new Date('2026-10-08T23:59:59+08:00').toISOString());
    expect(await lookAt('2026-10-05T12:00:00', t.id)).to.deep.include({ card: 'none', yellow: false });
    expect(await lookAt('2026-10-07T23:59:59', t.id)).to.deep.include({ card: 'none', yellow: false });
    expect(await lookAt('2026-10-08T08:00:00', t.id)).to.deep.equal({
      card: 'yellow',
      yellow: true,
      steps: ['sign:yellow'],
    });
  });
});
