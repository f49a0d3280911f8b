// A real SMTP server for the tests (smtp-server on 127.0.0.1), that can be stopped and started again on the
// same port, and told to refuse some recipients, every login or every sender.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  to: string[];
  messageId: string;
  subject: string;
  raw: string;
}

/** Decodes an RFC 2047 header (=?UTF-8?B?...?= and =?UTF-8?Q?...?= words). */
function decodeHeader(v: string): string {
  return v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return m ? m[1].replace(/\r?\n[ \t]/g, ' ').trim() : '';
}

export class TestSmtp {
  readonly received: Received[] = [];
  /** Answers for recipients: e.g. 451 (try later) or 550 (never). */
  refuse = new Map<string, number>();
  /** When set, every AUTH is answered with this code (535: bad credentials); otherwise any login is accepted. */
  authCode = 0;
  /** When set, every MAIL FROM is answered with this code (e.g. 553: sender not allowed). */
  mailFromCode = 0;
  /** When set, every message is answered with this code after its DATA (e.g. 554: rejected). */
  dataCode = 0;
  port = 0;
  private server: SMTPServer | null = null;

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      closeTimeout: 50,
      logger: false,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (auth, _session, cb) => {
        this.logins.push(auth.username ?? '');
        if (this.authCode)
          return cb(Object.assign(new Error('Authentication credentials invalid'), { responseCode: this.authCode }));
        cb(null, { user: auth.username });
      },
      onMailFrom: (_address, _session, cb) => {
        if (!this.mailFromCode) return cb();
        cb(Object.assign(new Error('sender not allowed'), { responseCode: this.mailFromCode }));
      },
      onRcptTo: (address, _session, cb) => {
        const code = this.refuse.get(address.address);
        if (!code) return cb();
        cb(Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code }));
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.dataCode) return cb(Object.assign(new Error('message rejected'), { responseCode: this.dataCode }));
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: header(raw, 'Message-ID'),
            subject: decodeHeader(header(raw, 'Subject')),
            raw,
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** This server offers no STARTTLS, so its addresses carry the explicit opt-out from required TLS. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}?tls=off`;
  }

  /** The address with credentials, so the client logs in (AUTH PLAIN) before each message. */
  get authUrl(): string {
    return `smtp://hotline:secret@127.0.0.1:${this.port}?tls=off`;
  }

  /** The production-style address (TLS required, no opt-out): this server must get neither login nor mail. */
  get strictAuthUrl(): string {
    return `smtp://hotline:secret@127.0.0.1:${this.port}`;
  }

  /** Every AUTH the server saw (a login sent in clear shows up here). */
  readonly logins: string[] = [];

  to(recipient: string): Received[] {
    return this.received.filter((r) => r.to.includes(recipient));
  }
}
