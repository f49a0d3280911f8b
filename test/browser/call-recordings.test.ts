// 通话录音 on an order's page (docs/rules/attachments.md "Call recordings"): a supervisor opens an order made from a
// recorded call and finds its player; the player's source answers with the audio from the telephone system (a real
// HTTP server of the test's own), asked for as the player asks (no sound is played), and the play is audited.
import { expect } from 'chai';
import { closeBrowser, openPage, screenshot, signInAs } from './browser.ts';
import { call, ctiClient } from '../helpers/calls.ts';
import { ctiRecordings, silentWav, type CtiRecordings } from '../helpers/cti-recordings.ts';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, replied } from '../helpers/tickets.ts';

describe('call recordings (browser)', () => {
  let store: CtiRecordings;
  before(async () => {
    store = await ctiRecordings();
    Object.assign((await testApp()).services.config.recordings, { url: store.template, timeoutMs: 5000 });
  });
  after(async () => {
    Object.assign((await testApp()).services.config.recordings, { url: undefined, timeoutMs: 10_000 });
    await store.close();
    await closeBrowser();
  });

  it("shows a supervisor the order's recorded call with a player whose source answers", async function () {
    this.timeout(60_000);
    const h = await hotline();
    const cti = await ctiClient(h);
    const ref = `2026/12/05/${Date.now()}.wav`;
    store.put(ref, silentWav(8000));
    const recorded = await ok(cti.post(call({ external_id: `b-${Date.now()}`, recording_ref: ref })), 201);
    const ticket = await createTicket(h.operator, { call_id: recorded.id });
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto(`/tickets/${ticket.id}`);
      const audio = page.locator(`#call-recordings li[data-call="${recorded.id}"] audio`);
      await audio.waitFor();
      expect(await page.textContent('#call-recordings h3')).to.equal('通话录音');
      expect(await audio.getAttribute('preload')).to.equal('none');
      // Opening the page asked for nothing: only a play is audited.
      const { services } = await testApp();
      const plays = () => services.db('audit_log').where({ action: 'play_recording', target_id: recorded.id });
      expect(await plays()).to.have.length(0);
      await screenshot(page, 'call-recordings-ticket');
      // The player fetches its source as it would to play (muted, no sound): the service streams the audio.
      const response = page.waitForResponse((r) => r.url().endsWith(`/api/v1/calls/${recorded.id}/recording`));
      await audio.evaluate((el: HTMLAudioElement) => {
        el.muted = true;
        el.preload = 'auto';
        el.load();
      });
      const res = await response;
      expect(res.status()).to.be.oneOf([200, 206]);
      expect(res.headers()['content-type']).to.equal('audio/wav');
      expect((await plays()).length).to.be.at.least(1);
      expect((await plays())[0].actor_id).to.equal(h.users.supervisor.user.id);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('gives an operator the call log with a player for the recorded call', async function () {
    this.timeout(60_000);
    const h = await hotline();
    const cti = await ctiClient(h);
    const ref = `log/${Date.now()}.wav`;
    store.put(ref, silentWav(4000));
    // Started in the future of every other test's call: the first row of the newest-first log.
    const started = new Date(Date.now() + 60_000).toISOString();
    const recorded = await ok(
      cti.post(call({ external_id: `l-${Date.now()}`, recording_ref: ref, started_at: started })),
      201,
    );
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.operator.user.username);
      await page.goto('/console#calls');
      await page.click('#tab-calls');
      const row = page.locator(`#call-log tr[data-key="${recorded.id}"]`);
      await row.waitFor();
      expect(await row.textContent()).to.include('已接听');
      const audio = row.locator('audio');
      expect(await audio.getAttribute('preload')).to.equal('none');
      const response = page.waitForResponse((r) => r.url().endsWith(`/api/v1/calls/${recorded.id}/recording`));
      await audio.evaluate((el: HTMLAudioElement) => {
        el.muted = true;
        el.preload = 'auto';
        el.load();
      });
      expect((await response).status()).to.be.oneOf([200, 206]);
      await screenshot(page, 'call-recordings-console');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('lets a supervisor hear the call beside an appeal of its bad callback review', async function () {
    this.timeout(60_000);
    const h = await hotline();
    const cti = await ctiClient(h);
    const ref = `appeal/${Date.now()}.wav`;
    store.put(ref, silentWav(4000));
    const recorded = await ok(cti.post(call({ external_id: `a-${Date.now()}`, recording_ref: ref })), 201);
    const t = await replied(h, { call_id: recorded.id });
    await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: t.version, score: 1, reason: '没解决' }));
    const rating = (await ok(h.handler.get('/api/v1/ratings?bad=true'))).items[0];
    await ok(h.handler.post(`/api/v1/ratings/${rating.id}/appeal`, { reason: '回访时群众表示已解决' }), 201);
    const { context, page, errors } = await openPage();
    try {
      await signInAs(page, h.users.supervisor.user.username);
      await page.goto('/supervise#appeals');
      await page.click(`#appeals tr[data-key="${rating.id}"]`);
      const audio = page.locator(`.rating #call-recordings li[data-call="${recorded.id}"] audio`);
      await audio.waitFor();
      expect(await audio.getAttribute('src')).to.equal(`/api/v1/calls/${recorded.id}/recording`);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows a handler no recordings', async function () {
    this.timeout(60_000);
    const h = await hotline();
    const cti = await ctiClient(h);
    const recorded = await ok(cti.post(call({ external_id: `c-${Date.now()}`, recording_ref: 'x.wav' })), 201);
    const t = await createTicket(h.operator, { call_id: recorded.id });
    await ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }));
    const { context, page } = await openPage();
    try {
      await signInAs(page, h.users.handler.user.username);
      await page.goto(`/tickets/${t.id}`);
      await page.waitForSelector('body[data-ready=true]');
      expect(await page.locator('#call-recordings audio').count()).to.equal(0);
    } finally {
      await context.close();
    }
  });
});
