import { Writable } from 'node:stream';
import { expect } from 'chai';
import pino from 'pino';
import { testApp } from '../helpers/test-app.ts';
import { uniq } from '../helpers/factories.ts';
import { TestSmtp } from '../helpers/smtp.ts';
import { clock } from '../../server/lib/clock.ts';
import { fromDbTime, toDbTime } from '../../server/lib/db.ts';
import { outboxRepository } from '../../server/domain/outbox/outbox.repository.ts';
import { OutboxService } from '../../server/domain/outbox/outbox.service.ts';
import type { Logger } from '../../server/lib/logger.ts';
import type { Services } from '../../server/services.ts';

// Later than every other suite's clock (outbox.test.ts included), so whatever they left pending is drained first.
const T0 = new Date('2030-09-02T10:00:00+08:00');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('outbox sender when the SMTP server refuses', () => {
  let s: Services;
  const smtp = new TestSmtp();
  const senders: OutboxService[] = [];

  /** A sender that logs in to the test server (the address carries credentials). */
  const senderFor = (logger: Logger = s.logger, smtpUrl = smtp.authUrl) => {
    const sender = new OutboxService({ db: s.db, logger, config: { ...s.config, smtpUrl } });
    senders.push(sender);
    return sender;
  };
  async function enqueue(n: number, tag: string) {
    const recipients = Array.from({ length: n }, () => `${uniq(tag)}@mail.example`);
    await outboxRepository.enqueue(
      s.db,
      recipients.map((r) => ({ recipient: r, subject: `【测试】${r}`, body: '您好。\n' })),
      toDbTime(clock.now()),
    );
    return recipients;
  }
  const row = async (recipient: string) => s.db('outbox').where({ recipient }).first();
  const capture = () => {
    const lines: Array<{ level: number; msg: string; outbox_id?: number }> = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _e, cb) {
          lines.push(JSON.parse(String(chunk)));
          cb();
        },
      }),
    );
    return { logger, lines };
  };

  before(async () => {
    s = (await testApp()).services;
    await smtp.start();
    clock.set(T0);
    const drain = senderFor();
    while ((await drain.sendDue({ limit: 10_000 })).sent > 0) {
      /* what other suites left */
    }
  });
  after(async () => {
    for (const sender of senders) sender.close();
    await smtp.stop();
  });
  beforeEach(() => {
    clock.set(T0);
    smtp.refuse.clear();
    smtp.authCode = 0;
    smtp.mailFromCode = 0;
    smtp.dataCode = 0;
  });

  it(
    'keeps every message pending while the server answers ' + '535 to AUTH, and delivers each once the login works',
    async () => {
      const [a, b] = await enqueue(2, 'auth');
      smtp.authCode = 535;
      const sender = senderFor();
      let r = await sender.sendDue();
      // A refused login refuses every message alike: the run stops at the first, nothing is failed.
      expect(r).to.include({ sent: 0, retried: 1, failed: 0 });
      const first = await row(a);
      expect(first).to.include({ status: 'pending', attempts: 1, next_attempt_at: toDbTime(at(60)) });
      expect(first.last_error).to.match(/535/);
      expect(await row(b)).to.include({ status: 'pending', attempts: 0 });

      clock.set(at(10));
      r = await sender.sendDue();
      expect(r).to.include({ sent: 0, retried: 1, failed: 0 });
      expect(await row(b)).to.include({ status: 'pending', attempts: 1 });

      smtp.authCode = 0; // the password is put right
      clock.set(at(120));
      await sender.sendDue();
      expect(smtp.to(a)).to.have.length(1);
      expect(smtp.to(b)).to.have.length(1);
      expect(await row(a)).to.include({ status: 'sent', attempts: 2, last_error: null });
      clock.set(at(7200));
      await sender.sendDue();
      expect(smtp.to(a)).to.have.length(1);
    },
  );

  it(
    'keeps a message pending while the server refuses the ' +
      'sender (5xx to MAIL FROM) and delivers it once it accepts',
    async () => {
      const [a] = await enqueue(1, 'from');
      smtp.mailFromCode = 553;
      const sender = senderFor();
      expect(await sender.sendDue()).to.include({ sent: 0, retried: 1, failed: 0 });
      const stored = await row(a);
      expect(stored).to.include({ status: 'pending', attempts: 1 });
      expect(stored.last_error).to.match(/553/);
      smtp.mailFromCode = 0;
      clock.set(at(60));
      expect(await sender.sendDue()).to.include({ sent: 1, failed: 0 });
      expect(smtp.to(a)).to.have.length(1);
    },
  );

  it('retries a message refused after its DATA (5xx) and still sends the others of the run', async () => {
    const [a, b] = await enqueue(2, 'data');
    smtp.dataCode = 554;
    const sender = senderFor();
    expect(await sender.sendDue()).to.include({ sent: 0, retried: 2, failed: 0 });
    expect(await row(a)).to.include({ status: 'pending', attempts: 1 });
    smtp.dataCode = 0;
    clock.set(at(60));
    await sender.sendDue();
    expect(smtp.to(a)).to.have.length(1);
    expect(smtp.to(b)).to.have.length(1);
  });

  it(
    'sends neither the login nor the mail to a server without ' + 'STARTTLS unless the address opts out with ?tls=off',
    async () => {
      const [a] = await enqueue(1, 'tls');
      const { logger, lines } = capture();
      const logins = smtp.logins.length;
      const strict = senderFor(logger, smtp.strictAuthUrl);
      expect(await strict.sendDue()).to.include({ sent: 0, retried: 1, failed: 0 });
      expect(smtp.logins.length, 'no AUTH in clear').to.equal(logins);
      expect(smtp.to(a)).to.have.length(0);
      const stored = await row(a);
      expect(stored).to.include({ status: 'pending', attempts: 1 });
      expect(stored.last_error).to.match(/STARTTLS/i);
      expect(
        lines.some(
          (l) => l.outbox_id === stored.id && l.level >= 40 && /STARTTLS/i.test(String((l as { err?: string }).err)),
        ),
      ).to.equal(true);
      // The operator's explicit opt-out (a relay on the same host): the same message goes out.
      clock.set(at(60));
      expect(await senderFor(logger, smtp.authUrl).sendDue()).to.include({ sent: 1, failed: 0 });
      expect(smtp.to(a)).to.have.length(1);
      expect(smtp.logins.length).to.be.above(logins);
    },
  );

  it('fails only the message whose recipient the server refuses with 550, and sends the rest', async () => {
    const [fine, unknown, other] = await enqueue(3, 'rcpt');
    smtp.refuse.set(unknown, 550);
    const sender = senderFor();
    expect(await sender.sendDue()).to.include({ sent: 2, retried: 0, failed: 1 });
    const refused = await row(unknown);
    expect(refused).to.include({ status: 'failed', attempts: 1 });
    expect(refused.last_error).to.match(/550/);
    expect(await row(fine)).to.include({ status: 'sent' });
    expect(smtp.to(other)).to.have.length(1);
    smtp.refuse.clear();
    clock.set(at(7200));
    await sender.sendDue();
    expect(smtp.to(unknown)).to.have.length(0);
  });

  it(
    'never gives up during a long outage: retries at most an hour ' +
      'apart, logs errors past the threshold, delivers once back',
    async () => {
      const [a] = await enqueue(1, 'outage');
      const { logger, lines } = capture();
      const sender = senderFor(logger);
      const attempts = s.config.mail.alarmAfterAttempts + 10;
      await smtp.stop();
      try {
        let now = T0.getTime();
        for (let i = 0; i < attempts; i++) {
          clock.set(new Date(now));
          expect(await sender.sendDue(), `attempt ${i + 1}`).to.include({ sent: 0, retried: 1, failed: 0 });
          const stored = await row(a);
          expect(stored.status).to.equal('pending');
          now = fromDbTime(stored.next_attempt_at)!.getTime();
        }
        const stored = await row(a);
        expect(stored.attempts).to.equal(attempts);
        // At the cap: an hour after the last attempt, not later and not given up.
        expect(stored.next_attempt_at).to.equal(
          toDbTime(new Date(clock.now().getTime() + s.config.mail.retryMaxSeconds * 1000)),
        );
        const mine = lines.filter((l) => l.outbox_id === stored.id);
        expect(mine.filter((l) => l.level === 40)).to.have.length(s.config.mail.alarmAfterAttempts - 1);
        expect(mine.filter((l) => l.level === 50)).to.have.length(attempts - s.config.mail.alarmAfterAttempts + 1);
        clock.set(new Date(now));
      } finally {
        await smtp.start();
      }
      await sender.sendDue();
      expect(smtp.to(a)).to.have.length(1);
      expect(await row(a)).to.include({ status: 'sent', attempts: attempts + 1 });
    },
  );
});
