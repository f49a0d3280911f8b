// What residents receive by text (docs/rules/messages.md "What residents and liaison officers receive"): the
// acceptance text with the number and the query code on every way an order is created, the look-up by that code,
// the reply text with the answer's summary and the single-use rating link (which reaches nobody else), and one
// rating invitation some days after an unrated reply. Landlines and orders without a resident get no text.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import * as ratingInvite from '../../jobs/rating-invite.job.ts';
import { newPhone } from '../helpers/calls.ts';
import { Client } from '../helpers/http.ts';
import { issueKey, makeService, submitted } from '../helpers/open311.ts';
import { testApp } from '../helpers/test-app.ts';
import { queryCodeOf, textsTo } from '../helpers/texts.ts';
import { accepted, createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import type { Services } from '../../server/services.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { createSmsGateway } from '../../server/domain/sms/sms-gateway.ts';

describe('texts to residents (acceptance, reply, rating invitation)', () => {
  let h: Hotline;
  let s: Services;
  let resident: Client;
  let publicUrl: string;
  before(async () => {
    const app = await testApp();
    s = app.services;
    publicUrl = s.config.publicUrl.replace(/\/$/, '');
    h = await hotline();
    resident = new Client(app.baseUrl);
  });
  beforeEach(() => h.signInAgain());

  const lookup = (number: string, query: string) => resident.get(`/api/v1/public/tickets/${number}?${query}`);
  const invite = () => ratingInvite.run({ services: s, now: clock.now(), signal: new AbortController().signal });

  it('texts the number, a six-digit query code and the track link on acceptance; the look-up asks for it', async () => {
    const phone = newPhone();
    const t = await createTicket(h.operator, { caller_phone: phone });
    const [text, ...more] = await textsTo(phone);
    expect(more).to.deep.equal([]);
    expect(text.template).to.equal('ticket_accepted');
    const code = text.params.code;
    expect(code).to.match(/^\d{6}$/);
    const row = await s.db('tickets').where({ id: t.id }).first('query_code');
    expect(row.query_code).to.equal(code);
    expect(text.params).to.deep.equal({ number: t.number, code, track_url: `${publicUrl}/track?number=${t.number}` });
    expect(text.body).to.equal(
      `【12345】您反映的诉求已受理，工单号${t.number}，查询码${code}。进度查询：${publicUrl}/track?number=${t.number}`,
    );
    expect(text.urgent).to.equal(false);
    // The code opens the order; a wrong code is the same 404 as a wrong number; the phone's last digits still work.
    expect((await ok(lookup(t.number, `code=${code}`))).number).to.equal(t.number);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await lookup(t.number, `code=${wrong}`);
    const unknown = await lookup('20000101000001', `code=${code}`);
    expect([refused.status, unknown.status]).to.deep.equal([404, 404]);
    expect(refused.body).to.deep.equal(unknown.body);
    expect((await ok(lookup(t.number, `phone_last4=${phone.slice(-4)}`))).number).to.equal(t.number);
    const bad = await lookup(t.number, 'code=12ab');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['code']);
    const none = await lookup(t.number, '');
    expect(none.status).to.equal(400);
    expect(none.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['code']);
  });

  it('gives each order its own code and texts a confidential order’s resident too', async () => {
    const phone = newPhone();
    const a = await createTicket(h.operator, { caller_phone: phone, confidential: true });
    const b = await createTicket(h.operator, { caller_phone: phone, channel: 'web' });
    const texts = await textsTo(phone, 'ticket_accepted');
    expect(texts.map((x) => x.params.number)).to.deep.equal([a.number, b.number]);
    expect(await ok(lookup(a.number, `code=${await queryCodeOf(a.number)}`))).to.include({ number: a.number });
    expect(texts.map((x) => x.urgent)).to.deep.equal([false, false]);
    // An urgent order's resident is told at once, in the quiet hours too.
    const urgent = await createTicket(h.operator, { caller_phone: phone, urgency: 'urgent' });
    const [told] = (await textsTo(phone, 'ticket_accepted')).filter((x) => x.params.number === urgent.number);
    expect(told.urgent).to.equal(true);
    // One order's code does not open another.
    if (texts[0].params.code !== texts[1].params.code)
      expect((await lookup(b.number, `code=${texts[0].params.code}`)).status).to.equal(404);
  });

  it('texts a resident who wrote through Open311 with a mobile', async () => {
    const service = await makeService(h);
    const { key } = await issueKey(h);
    const phone = newPhone();
    const number = await submitted(key, { service_code: String(service.id), phone });
    const [text] = await textsTo(phone, 'ticket_accepted');
    expect(text.params.number).to.equal(number);
    expect((await ok(lookup(number, `code=${text.params.code}`))).number).to.equal(number);
  });

  it('sends nothing to a landline or to an order without a number, which a landline’s digits still open', async () => {
    const landline = '01065123456';
    const before = (await textsTo()).length;
    const t = await createTicket(h.operator, { caller_phone: '010-6512 3456' });
    const anonymous = await createTicket(h.operator, { caller_phone: undefined });
    expect((await textsTo()).length).to.equal(before);
    expect((await ok(lookup(t.number, 'phone_last4=3456'))).number).to.equal(t.number);
    expect(await textsTo(landline)).to.deep.equal([]);
    const row = await s.db('tickets').where({ id: anonymous.id }).first('query_code');
    expect(row.query_code).to.equal(null);
  });

  it('texts the answer’s summary and a single-use link at the reply: it rates once, reaching nobody else', async () => {
    const phone = newPhone();
    const t = await accepted(h, { caller_phone: phone });
    const resolution =
      '经核查，\n  该工地已办理夜间施工许可，\t我单位已要求其 22 点后停止高噪声作业，并安排执法人员夜间巡查。如仍有扰民请再次来电。';
    const done = await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution }));
    const [text, ...more] = await textsTo(phone, 'ticket_replied');
    expect(more).to.deep.equal([]);
    const flat = resolution.replace(/\s+/g, ' ');
    const summary = `${[...flat].slice(0, 60).join('')}…`;
    expect(text.params.summary).to.equal(summary);
    const url = text.params.rate_url;
    expect(url).to.match(new RegExp(`^${publicUrl.replace(/[.:/]/g, '\\$&')}/rate/[A-Za-z0-9_-]{24}$`));
    expect(text.body).to.equal(`【12345】您的工单${t.number}已办理答复：${summary}。请对办理结果评价：${url}`);
    const token = url.split('/rate/')[1];
    // Nowhere a department reads: its view of the order, the timeline, the list; nor the public look-up.
    const seen = JSON.stringify([
      await ok(h.handler.get(`/api/v1/tickets/${t.id}`)),
      await ok(h.handler.get(`/api/v1/tickets?q=${t.number}`)),
      await ok(lookup(t.number, `code=${await queryCodeOf(t.number)}`)),
    ]);
    expect(seen).to.not.include(token);
    // Nor the query code: it is the resident's too.
    expect(seen)
      .to.not.include('query_code')
      .and.not.include(`"${await queryCodeOf(t.number)}"`);
    const events = await s.db('ticket_events').where({ ticket_id: t.id }).select('data', 'note');
    expect(JSON.stringify(events)).to.not.include(token);
    // Nor a log line: without SMS_URL the text is logged with its number, code and link left out.
    const logged: string[] = [];
    const logOnly = createSmsGateway(
      { ...s.config.sms, url: undefined },
      createLogger('info', { write: (line: string) => logged.push(line) }),
    );
    const code = await queryCodeOf(t.number);
    for (const x of [text, ...(await textsTo(phone, 'ticket_accepted'))])
      await logOnly.send({ to: phone, template: x.template, params: x.params, text: x.body, messageId: `sms-${x.id}` });
    const lines = logged.join('');
    expect(logged).to.have.length(2);
    expect(lines).to.include('/rate/******').and.include('查询码******');
    for (const secret of [token, phone]) expect(lines).to.not.include(secret);
    expect(lines).to.not.match(new RegExp(`(?<!\\d)${code}(?!\\d)`));
    expect(lines).to.include(t.number);
    // The resident rates through it, once.
    expect((await ok(resident.get(`/api/v1/public/rating-tokens/${token}`))).state).to.equal('open');
    await ok(resident.post('/api/v1/public/ratings', { token, score: 5 }), 201);
    const again = await resident.post('/api/v1/public/ratings', { token, score: 4 });
    expect(again.status).to.equal(409);
    expect(done.status).to.equal('replied');
    // Rated: no invitation follows.
    clock.set(new Date(clock.now().getTime() + 4 * 86_400_000));
    await invite();
    expect(await textsTo(phone, 'rating_invite')).to.deep.equal([]);
  });

  it('answers an inquiry at once after the acceptance text, with no reply text (nothing to rate)', async () => {
    const phone = newPhone();
    const t = await createTicket(h.operator, { caller_phone: phone, type: 'inquiry' });
    await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/answer`, { version: t.version, resolution: '办理时间为工作日。' }),
    );
    expect((await textsTo(phone)).map((x) => x.template)).to.deep.equal(['ticket_accepted']);
  });

  it('invites an unrated resident once, RATING_INVITE_DAYS after the reply, with the same link', async () => {
    await h.travel('2031-05-06T10:00:00+08:00');
    const phone = newPhone();
    const t = await accepted(h, { caller_phone: phone });
    await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已处理。' }));
    const [replied] = await textsTo(phone, 'ticket_replied');
    // A short answer is quoted whole, its closing 。 left to the text's own.
    expect(replied.body).to.include('已办理答复：已处理。请对办理结果评价：');
    expect(s.config.ratings.inviteDays).to.equal(3);
    // Two days and 23 hours on: not yet.
    clock.set('2031-05-09T09:00:00+08:00');
    await invite();
    expect(await textsTo(phone, 'rating_invite')).to.deep.equal([]);
    // Three days on (or at the first run after downtime): once, whatever runs it again.
    clock.set('2031-05-09T11:00:00+08:00');
    await invite();
    await invite();
    clock.set('2031-05-10T11:00:00+08:00');
    await invite();
    const invites = await textsTo(phone, 'rating_invite');
    expect(invites).to.have.length(1);
    expect(invites[0].params).to.deep.equal({ number: t.number, days: '3', rate_url: replied.params.rate_url });
    expect(invites[0].body).to.equal(
      `【12345】您的工单${t.number}已答复3天，尚未评价。欢迎评价：${replied.params.rate_url}`,
    );
    // The link still rates.
    const token = replied.params.rate_url.split('/rate/')[1];
    await ok(resident.post('/api/v1/public/ratings', { token, score: 4 }), 201);
  });

  it('invites nobody whose order was closed by a callback, nor the resident of a rectification order', async () => {
    await h.travel('2031-06-03T10:00:00+08:00');
    const phone = newPhone();
    const t = await accepted(h, { caller_phone: phone });
    const r = await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已处理。' }));
    await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/callback`, {
        version: r.version,
        score: 4,
        contacted: true,
        solved: 'yes',
      }),
    );
    // A bad review through the link of another order makes a rectification order, replied without a text.
    const other = newPhone();
    const u = await accepted(h, { caller_phone: other });
    await ok(h.handler.post(`/api/v1/tickets/${u.id}/reply`, { version: u.version, resolution: '已处理。' }));
    const token = (await textsTo(other, 'ticket_replied'))[0].params.rate_url.split('/rate/')[1];
    await ok(resident.post('/api/v1/public/ratings', { token, score: 1, reason: '没有解决' }), 201);
    const rect = await s.db('tickets').where({ type: 'rectification' }).orderBy('id', 'desc').first();
    const before = (await textsTo()).length;
    const signed = await ok(h.handler.post(`/api/v1/tickets/${rect.id}/sign`, { version: rect.version }));
    await ok(h.handler.post(`/api/v1/tickets/${rect.id}/reply`, { version: signed.version, resolution: '已整改。' }));
    expect((await textsTo()).length).to.equal(before);
    clock.set('2031-06-08T10:00:00+08:00');
    await invite();
    expect(await textsTo(phone, 'rating_invite')).to.deep.equal([]);
    expect(await textsTo(other, 'rating_invite')).to.deep.equal([]);
  });
});
