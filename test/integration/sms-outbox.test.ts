// Texts through the outbox against a real HTTP gateway of the test's own (test/helpers/sms-gateway.ts):
// docs/rules/messages.md "The outbox", "The gateway", "Quiet hours", "Per-number limit", "Masking".
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { TestSmsGateway, smsTestApp } from '../helpers/sms-gateway.ts';
import { clock } from '../../server/lib/clock.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { outboxRepository } from '../../server/domain/outbox/outbox.repository.ts';
import { OutboxService } from '../../server/domain/outbox/outbox.service.ts';
import { smsOutbox, type SmsMessage } from '../../server/domain/sms/sms-outbox.ts';
import { toDbTime } from '../../server/lib/db.ts';
import type { Services } from '../../server/services.ts';

// A Wednesday, 10:00 Beijing time: outside the quiet hours.
const T0 = new Date('2030-06-05T10:00:00+08:00');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let serial = 0;
/** A fresh mobile number per text, so one test's texts never count in another's per-number limit. */
export const mobile = () => `139${String(process.pid % 1000).padStart(3, '0')}${String(++serial).padStart(5, '0')}`;

describe('texts through the outbox, over a real HTTP gateway', () => {
  let s: Services;
  const gateway = new TestSmsGateway();
  let restore: () => void;

  const text = (to: string, extra: Partial<SmsMessage> = {}): SmsMessage => ({
    to,
    template: 'ticket_accepted',
    params: { number: 'RX2030060500001', code: '123456', track_url: 'https://12345.example/track' },
    ...extra,
  });
  const enqueue = (messages: SmsMessage[], now = clock.now()) =>
    s.db.transaction((trx) => smsOutbox.enqueue(trx, messages, now));
  const row = async (to: string) => s.db('outbox').where({ kind: 'sms', recipient: to }).first();
  const send = () => s.outbox.sendDue();

  before(async () => {
    await gateway.start();
    const app = await smsTestApp(gateway);
    s = app.services;
    restore = app.restore;
    clock.set(T0);
    while ((await send()).sms.sent > 0) {
      /* nothing of another suite is left, but drain it all the same */
    }
  });
  after(async () => {
    restore();
    await gateway.stop();
  });
  beforeEach(() => {
    clock.set(T0);
    gateway.clear();
  });

  it('posts the text to the gateway with the bearer token, once, and marks it sent', async () => {
    const to = mobile();
    await enqueue([text(to)]);
    const r = await send();
    expect(r.sms.sent).to.equal(1);
    const [post] = gateway.accepted(to);
    const stored = await row(to);
    expect(post).to.deep.include({
      to,
      template: 'ticket_accepted',
      message_id: `sms-${stored.id}`,
      authorization: `Bearer ${gateway.token}`,
    });
    expect(post.params).to.deep.equal(text(to).params);
    expect(post.text).to.equal(
      '【12345】您反映的诉求已受理，工单号RX2030060500001，查询码123456。进度查询：https://12345.example/track',
    );
    expect(stored).to.include({ status: 'sent', attempts: 1, claimed_by: null, last_error: null });
    clock.set(at(3600));
    await send();
    expect(gateway.to(to)).to.have.length(1);
  });

  it('retries a gateway that fails (500, then a dropped connection) and sends the text once it recovers', async () => {
    const to = mobile();
    await enqueue([text(to)]);
    gateway.failNext(1, 500);
    gateway.failNext(1, 'drop');
    expect((await send()).sms.retried).to.equal(1);
    expect(await row(to)).to.include({ status: 'pending', attempts: 1 });
    expect((await row(to)).last_error).to.match(/500/);
    await send();
    expect(gateway.to(to), 'not before its backoff').to.have.length(1);
    clock.set(at(61));
    expect((await send()).sms.retried).to.equal(1);
    expect(await row(to)).to.include({ status: 'pending', attempts: 2 });
    clock.set(at(61 + 121));
    expect((await send()).sms.sent).to.equal(1);
    expect(gateway.to(to).map((p) => p.answer)).to.deep.equal([500, 'dropped', 200]);
    expect(gateway.accepted(to)).to.have.length(1);
    expect(new Set(gateway.to(to).map((p) => p.message_id)).size, 'the same message_id each time').to.equal(1);
    expect(await row(to)).to.include({ status: 'sent', attempts: 3, last_error: null });
  });

  it('keeps the order of texts to one number: a later text waits while an earlier one is retried', async () => {
    const to = mobile();
    await enqueue([text(to, { params: { number: 'FIRST', code: '1', track_url: 'u' } })]);
    gateway.failNext(1, 500);
    expect((await send()).sms.retried).to.equal(1);
    clock.set(at(10));
    await enqueue([
      text(to, { template: 'ticket_replied', params: { number: 'FIRST', summary: '已修复', rate_url: 'r' } }),
    ]);
    expect((await send()).sms).to.include({ sent: 0, held: 1 });
    clock.set(at(62));
    await send();
    clock.set(at(64));
    await send();
    expect(gateway.accepted(to).map((p) => p.template)).to.deep.equal(['ticket_accepted', 'ticket_replied']);
  });

  it('retries a text the gateway answered too slowly (timeout); the other texts wait for the next run', async () => {
    const [a, b] = [mobile(), mobile()];
    await enqueue([text(a), text(b)]);
    const timeout = s.config.sms.timeoutMs;
    s.config.sms.timeoutMs = 150;
    gateway.delayMs = 600;
    try {
      const r = await send();
      expect(r.sms).to.include({ sent: 0, retried: 1 });
    } finally {
      s.config.sms.timeoutMs = timeout;
    }
    const first = (await row(a)).status === 'pending' && (await row(a)).attempts === 1 ? a : b;
    expect((await row(first)).last_error).to.match(/no answer within 150 ms/);
    gateway.delayMs = 0;
    clock.set(at(61));
    expect((await send()).sms.sent).to.equal(2);
    expect((await row(a)).status).to.equal('sent');
    expect((await row(b)).status).to.equal('sent');
  });

  it('fails a text for good when the gateway refuses its number (4xx), and never posts it again', async () => {
    const to = mobile();
    gateway.refuse.set(to, 400);
    await enqueue([text(to)]);
    expect((await send()).sms.failed).to.equal(1);
    const stored = await row(to);
    expect(stored).to.include({ status: 'failed', attempts: 1 });
    expect(stored.last_error).to.match(/400/);
    clock.set(at(86_400));
    await send();
    expect(gateway.to(to)).to.have.length(1);
  });

  it('retries when the gateway refuses our token (401): about every text, not this one', async () => {
    const to = mobile();
    await enqueue([text(to)]);
    const token = s.config.sms.token;
    s.config.sms.token = 'a-wrong-token';
    try {
      expect((await send()).sms.retried).to.equal(1);
    } finally {
      s.config.sms.token = token;
    }
    expect(await row(to)).to.include({ status: 'pending' });
    clock.set(at(61));
    expect((await send()).sms.sent).to.equal(1);
  });

  it('sends no text that is not urgent in the quiet hours: it waits for 08:00, urgent ones go', async () => {
    const night = new Date('2030-06-05T23:30:00+08:00');
    clock.set(night);
    const [calm, urgent] = [mobile(), mobile()];
    await enqueue([text(calm), text(urgent, { template: 'red_card', urgent: true })]);
    expect((await row(calm)).next_attempt_at).to.equal(toDbTime(new Date('2030-06-06T08:00:00+08:00')));
    expect((await send()).sms.sent).to.equal(1);
    expect(gateway.accepted(urgent)).to.have.length(1);
    expect(gateway.to(calm)).to.have.length(0);
    clock.set(new Date('2030-06-06T07:59:00+08:00'));
    await send();
    expect(gateway.to(calm)).to.have.length(0);
    clock.set(new Date('2030-06-06T08:00:00+08:00'));
    expect((await send()).sms.sent).to.equal(1);
    expect(gateway.accepted(calm)).to.have.length(1);
  });

  it('checks the quiet hours again when it sends: a text due at 21:59 and not sent by 22:00 waits', async () => {
    clock.set(new Date('2030-06-05T21:59:00+08:00'));
    const to = mobile();
    await enqueue([text(to)]);
    clock.set(new Date('2030-06-05T22:01:00+08:00'));
    expect((await send()).sms.sent).to.equal(0);
    expect(await row(to)).to.include({ status: 'pending', attempts: 0 });
    clock.set(new Date('2030-06-06T08:00:00+08:00'));
    expect((await send()).sms.sent).to.equal(1);
  });

  it('holds texts over the per-number limit (5 an hour) and sends them later; urgent ones pass', async () => {
    const to = mobile();
    await enqueue(
      Array.from({ length: 7 }, (_, i) => text(to, { params: { number: `N${i}`, code: '1', track_url: 'u' } })),
    );
    await enqueue([text(to, { template: 'red_card', urgent: true })]);
    const r = await send();
    expect(r.sms).to.include({ sent: 6, held: 2 });
    expect(gateway.accepted(to)).to.have.length(6);
    const held = await s.db('outbox').where({ kind: 'sms', recipient: to, status: 'pending' });
    expect(held).to.have.length(2);
    for (const h of held) expect(h.attempts, 'a hold is no attempt').to.equal(0);
    clock.set(at(1800));
    expect((await send()).sms.sent).to.equal(0);
    clock.set(at(3602));
    expect((await send()).sms.sent).to.equal(2);
    expect(gateway.accepted(to)).to.have.length(8);
  });

  it('keeps the per-number limit and sends each text once with two senders at once', async () => {
    const to = mobile();
    const others = Array.from({ length: 12 }, () => mobile());
    await enqueue([...Array.from({ length: 8 }, () => text(to)), ...others.map((o) => text(o))]);
    const second = new OutboxService({ db: s.db, logger: s.logger, config: s.config });
    // Runs of both at once, a few seconds apart: a text held behind an earlier one to its number goes a second later.
    const runs = async (from: number) => {
      for (let i = 0; i < 10; i++) {
        clock.set(at(from + 2 * i));
        await Promise.all([send(), second.sendDue(), send(), second.sendDue()]);
      }
    };
    await runs(0);
    expect(gateway.accepted(to)).to.have.length(5);
    for (const o of others) expect(gateway.accepted(o), o).to.have.length(1);
    await runs(3602);
    expect(gateway.accepted(to)).to.have.length(8);
    const ids = gateway.accepted(to).map((p) => Number(p.message_id.slice(4)));
    expect(ids, 'in the order they were queued').to.deep.equal([...ids].sort((a, b) => a - b));
    second.close();
  });

  it('sends texts while the SMTP server is down, and keeps the mail for later', async () => {
    const to = mobile();
    const mailTo = `sms-test-${Date.now()}@mail.example`;
    await outboxRepository.enqueue(s.db, [{ recipient: mailTo, subject: '测试', body: '正文' }], toDbTime(clock.now()));
    await enqueue([text(to)]);
    // A port nothing listens on: every connection is refused at once.
    const down = new OutboxService({
      db: s.db,
      logger: s.logger,
      config: { ...s.config, smtpUrl: 'smtp://127.0.0.1:9?tls=off' },
    });
    const r = await down.sendDue();
    down.close();
    expect(r.sms.sent).to.equal(1);
    expect(r.retried).to.equal(1);
    expect(gateway.accepted(to)).to.have.length(1);
    expect(await s.db('outbox').where({ recipient: mailTo }).first()).to.include({ status: 'pending' });
  });

  it('writes no full number to any log line: the log-only gateway, holds, retries and failures mask it', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = createLogger('debug', sink);
    const [logged, failing, refused, limited] = [mobile(), mobile(), mobile(), mobile()];
    const logOnly = new OutboxService({
      db: s.db,
      logger,
      config: { ...s.config, sms: { ...s.config.sms, url: undefined } },
    });
    await enqueue([text(logged, { params: { number: 'N1', code: '1', track_url: `回电 ${logged}` } })]);
    await logOnly.sendDue();
    logOnly.close();
    expect(lines.join('')).to.include(`${logged.slice(0, 3)}****${logged.slice(-4)}`);

    const sender = new OutboxService({ db: s.db, logger, config: s.config });
    gateway.refuse.set(refused, 400);
    await enqueue([text(refused)]);
    await sender.sendDue();
    await enqueue([text(failing)]);
    gateway.failNext(1, 500);
    await sender.sendDue();
    await enqueue(Array.from({ length: 6 }, () => text(limited)));
    await sender.sendDue();
    await s.sms.optOut(limited, 'gateway');
    await enqueue([text(limited)]);
    sender.close();
    const all = lines.join('\n');
    expect(all).to.match(/failed for good/);
    expect(all).to.match(/will retry/);
    expect(all).to.match(/per-number limit/);
    for (const n of [logged, failing, refused, limited]) expect(all, n).not.to.include(n);
  });
});
