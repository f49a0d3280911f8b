import { Writable } from 'node:stream';
import { expect } from 'chai';
import pino from 'pino';
import { testApp } from '../helpers/test-app.ts';
import { uniq } from '../helpers/factories.ts';
import { TestSmtp } from '../helpers/smtp.ts';
import { clock } from '../../server/lib/clock.ts';
import { createDb, toDbTime, type Db } from '../../server/lib/db.ts';
import { outboxRepository } from '../../server/domain/outbox/outbox.repository.ts';
import { OutboxService } from '../../server/domain/outbox/outbox.service.ts';
import type { Services } from '../../server/services.ts';

// Far beyond every other suite's clock, so everything they left pending has come due and is drained first.
const T0 = new Date('2030-06-03T10:00:00+08:00');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('outbox sender over real SMTP', () => {
  let s: Services;
  const smtp = new TestSmtp();
  let sender: OutboxService;

  const senderFor = (db: Db, smtpUrl: string | undefined, logger = s.logger) =>
    new OutboxService({ db, logger, config: { ...s.config, smtpUrl } });

  async function enqueue(n: number, tag = 'm') {
    const recipients = Array.from({ length: n }, () => `${uniq(tag)}@mail.example`);
    await outboxRepository.enqueue(
      s.db,
      recipients.map((r, i) => ({
        recipient: r,
        subject: `【测试】第${i + 1}封 ${r}`,
        body: `您好：\n\n这是第${i + 1}封测试邮件。\n`,
      })),
      toDbTime(clock.now()),
    );
    return recipients;
  }
  const row = async (recipient: string) => s.db('outbox').where({ recipient }).first();

  before(async () => {
    s = (await testApp()).services;
    await smtp.start();
    sender = senderFor(s.db, smtp.url);
    clock.set(T0);
    while ((await sender.sendDue({ limit: 10_000 })).sent > 0) {
      /* drain what other suites left */
    }
  });
  after(async () => {
    sender.close();
    await smtp.stop();
  });
  beforeEach(() => {
    clock.set(T0);
    smtp.refuse.clear();
  });

  it('sends each due message once, in Chinese, with a stable Message-ID, and marks it sent', async () => {
    const [a, b] = await enqueue(2);
    const r = await sender.sendDue();
    expect(r.sent).to.be.at.least(2);
    expect(smtp.to(a)).to.have.length(1);
    expect(smtp.to(a)[0].subject).to.equal(`【测试】第1封 ${a}`);
    const stored = await row(a);
    expect(stored).to.include({ status: 'sent', attempts: 1, claimed_by: null });
    expect(smtp.to(a)[0].messageId).to.equal(
      `<outbox-${stored.id}-${stored.created_at.replace(/\D/g, '')}@hotline.12345>`,
    );
    await sender.sendDue();
    clock.set(at(3600));
    await sender.sendDue();
    expect(smtp.to(a)).to.have.length(1);
    expect(smtp.to(b)).to.have.length(1);
  });

  it(
    'keeps mail while the SMTP server is down, retries ' + 'with backoff once it is back, and sends none twice',
    async () => {
      const [a, b] = await enqueue(2, 'down');
      await smtp.stop();
      try {
        let r = await sender.sendDue();
        expect(r).to.include({ sent: 0, retried: 1, failed: 0 }); // no server: the run stops at the first failure
        const first = await row(a);
        expect(first).to.include({ status: 'pending', attempts: 1, next_attempt_at: toDbTime(at(60)) });
        expect(first.last_error).to.match(/ECONNREFUSED|connect/i);
        expect((await row(b)).attempts).to.equal(0);

        clock.set(at(10));
        r = await sender.sendDue(); // b's first attempt; a waits for its backoff
        expect(r.retried).to.equal(1);
        expect(await row(b)).to.include({ attempts: 1, next_attempt_at: toDbTime(at(70)) });
        expect((await row(a)).attempts).to.equal(1);

        clock.set(at(60)); // a's second attempt, still down: the wait doubles
        await sender.sendDue();
        expect(await row(a)).to.include({ attempts: 2, next_attempt_at: toDbTime(at(180)) });
      } finally {
        await smtp.start(); // back up, on the same port
      }
      clock.set(at(100)); // b is due (70), a is not (180)
      await sender.sendDue();
      expect(smtp.to(b)).to.have.length(1);
      expect(smtp.to(a)).to.have.length(0);
      clock.set(at(200));
      await sender.sendDue();
      clock.set(at(7200));
      await sender.sendDue();
      expect(smtp.to(a)).to.have.length(1);
      expect(smtp.to(b)).to.have.length(1);
      expect(await row(a)).to.include({ status: 'sent', attempts: 3, last_error: null });
    },
  );

  it('retries a message the server asks to send later, fails one it refuses for good, and sends the rest', async () => {
    const [later, never, fine] = await enqueue(3, 'refuse');
    smtp.refuse.set(later, 451);
    smtp.refuse.set(never, 550);
    const r = await sender.sendDue();
    expect(r).to.include({ retried: 1, failed: 1 });
    expect(await row(later)).to.include({ status: 'pending', attempts: 1 });
    expect(await row(never)).to.include({ status: 'failed', attempts: 1 });
    expect((await row(never)).last_error).to.match(/550/);
    expect(smtp.to(fine)).to.have.length(1);
    smtp.refuse.clear();
    clock.set(at(61));
    await sender.sendDue();
    expect(smtp.to(later)).to.have.length(1);
    expect(smtp.to(never)).to.have.length(0);
  });

  it('lets two instances send at once without sending any message twice', async () => {
    const otherDb = createDb(s.config);
    const other = senderFor(otherDb, smtp.url);
    try {
      const recipients = await enqueue(30, 'pair');
      const [r1, r2] = await Promise.all([sender.sendDue(), other.sendDue()]);
      expect(r1.sent + r2.sent).to.be.at.least(30);
      for (const r of recipients) expect(smtp.to(r), r).to.have.length(1);
      const ids = smtp.received.map((m) => m.messageId);
      expect(new Set(ids).size).to.equal(ids.length);
    } finally {
      other.close();
      await otherDb.destroy();
    }
  });

  it('retries a message whose sender died holding it, once its claim runs out', async () => {
    const [a] = await enqueue(1, 'crash');
    const claimed = await outboxRepository.claimNext(s.db, 'an-instance-that-died', toDbTime(T0), toDbTime(at(120)));
    expect(claimed!.recipient).to.equal(a);
    await sender.sendDue();
    expect(smtp.to(a)).to.have.length(0);
    clock.set(at(121));
    await sender.sendDue();
    expect(smtp.to(a)).to.have.length(1);
    expect(await row(a)).to.include({ status: 'sent', attempts: 2 });
  });

  it('writes the mail to the log and marks it sent when no SMTP server is configured', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _e, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    );
    const logSender = senderFor(s.db, undefined, logger);
    const [a] = await enqueue(1, 'log');
    await logSender.sendDue();
    expect(await row(a)).to.include({ status: 'sent' });
    const entry = lines.map((l) => JSON.parse(l)).find((l) => l.mail?.to === a);
    expect(entry.mail.subject).to.equal(`【测试】第1封 ${a}`);
    expect(smtp.to(a)).to.have.length(0);
  });
});
