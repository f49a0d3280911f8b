// The way out of the outbox: nodemailer to the SMTP server of SMTP_URL, or, without one, the log.
import type { Transporter } from 'nodemailer';
import type { Config } from '../../../config/default.ts';
import type { Logger } from '../../lib/logger.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Stable per outbox row, so a receiving system can recognise the rare second delivery. */
  messageId: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * smtps://user:pass@host:port is TLS from the start; smtp://... must upgrade with STARTTLS before it logs in or
 * sends (a server that does not offer it gets nothing: the mail stays pending and is retried, the log says why),
 * so credentials and residents' details never cross the network in clear. `smtp://...?tls=off` is the explicit
 * opt-out (STARTTLS is still used when offered), for a relay on the same host or a test server.
 */
export function transportOptions(url: string, timeoutMs: number) {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const tlsOff = u.searchParams.get('tls') === 'off';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !tlsOff,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    // One connection reused for a run's messages.
    pool: true,
    maxConnections: 1,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mail'>, logger: Logger): Mailer {
  if (!config.smtpUrl) {
    return {
      async send(mail) {
        logger.info(
          { mail: { to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId } },
          'mail (no SMTP_URL: written to the log)',
        );
      },
      close() {},
    };
  }
  const options = transportOptions(config.smtpUrl, config.mail.smtpTimeoutMs);
  // nodemailer (some 5 MB) is loaded at the first mail: an instance may run for hours without one.
  let transport: Promise<Transporter> | null = null;
  const opened = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(options)));
  return {
    async send(mail) {
      const t = await opened();
      await t.sendMail({
        from: config.mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
      });
    },
    close() {
      void transport?.then((t) => t.close());
    },
  };
}
