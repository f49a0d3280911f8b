// A real SMS gateway for the tests: a node:http server on 127.0.0.1 (a random port) that takes the texts Hotline
// posts to SMS_URL, records every post, checks the bearer token, and can be told to fail, to answer slowly, to refuse
// a number, and to post delivery receipts and opt-outs (a resident's 退订 reply) back to the app.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testApp, type TestApp } from './test-app.ts';

export interface SmsPost {
  to: string;
  template: string;
  params: Record<string, string>;
  text: string;
  message_id: string;
  /** The Authorization header as received. */
  authorization: string;
  /** What the gateway answered: an HTTP status, 'dropped' (connection closed unanswered) or 'gone' (the client hung
   *  up while the gateway was slow). */
  answer: number | 'dropped' | 'gone';
}

export class TestSmsGateway {
  /** Every POST received, accepted or not, in order. */
  readonly posts: SmsPost[] = [];
  token = 'test-sms-token';
  /** Answer each post after this many ms (the sender's timeout is shorter in a slow-gateway test). */
  delayMs = 0;
  /** Numbers the gateway refuses with this status (e.g. 400: not a valid number). */
  refuse = new Map<string, number>();
  port = 0;
  private failures: Array<500 | 'drop'> = [];
  private server: http.Server | null = null;

  /** The next `n` posts fail: answered 500, or their connection closed without an answer ('drop'). */
  failNext(n: number, how: 500 | 'drop' = 500): void {
    for (let i = 0; i < n; i++) this.failures.push(how);
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  }

  /** SMS_URL for the app. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/sms/send`;
  }

  /** The posts the gateway accepted (200), to one number or all. */
  accepted(to?: string): SmsPost[] {
    return this.posts.filter((p) => p.answer === 200 && (to === undefined || p.to === to));
  }

  /** Every post to one number, whatever was answered. */
  to(phone: string): SmsPost[] {
    return this.posts.filter((p) => p.to === phone);
  }

  clear(): void {
    this.posts.length = 0;
    this.failures.length = 0;
    this.refuse.clear();
    this.delayMs = 0;
  }

  /** Posts a delivery receipt to the app (POST /api/v1/sms/receipts) with the gateway's bearer token. */
  receipt(baseUrl: string, messageId: string, status: string, at = new Date().toISOString(), token = this.token) {
    return postJson(`${baseUrl}/api/v1/sms/receipts`, { message_id: messageId, status, at }, token);
  }

  /** Passes a resident's 退订 reply on to the app (POST /api/v1/sms/opt-outs). */
  optOut(baseUrl: string, phone: string, token = this.token) {
    return postJson(`${baseUrl}/api/v1/sms/opt-outs`, { phone }, token);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    let body: Partial<SmsPost> = {};
    try {
      body = JSON.parse(raw) as Partial<SmsPost>;
    } catch {
      /* recorded as empty: the test sees what arrived */
    }
    const post: SmsPost = {
      to: String(body.to ?? ''),
      template: String(body.template ?? ''),
      params: (body.params ?? {}) as Record<string, string>,
      text: String(body.text ?? ''),
      message_id: String(body.message_id ?? ''),
      authorization: req.headers.authorization ?? '',
      answer: 200,
    };
    this.posts.push(post);
    const reply = (status: number, json: unknown) => {
      if (res.destroyed || req.socket.destroyed) {
        post.answer = 'gone';
        return;
      }
      post.answer = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (post.authorization !== `Bearer ${this.token}`) return reply(401, { error: 'unauthorized' });
    const failure = this.failures.shift();
    if (failure === 'drop') {
      post.answer = 'dropped';
      req.socket.destroy();
      return;
    }
    const respond = () => {
      if (failure === 500) return reply(500, { error: 'gateway unavailable' });
      const refused = this.refuse.get(post.to);
      if (refused) return reply(refused, { error: 'invalid number' });
      reply(200, { message_id: post.message_id, accepted: true });
    };
    if (this.delayMs > 0) setTimeout(respond, this.delayMs);
    else respond();
  }
}

async function postJson(url: string, body: unknown, token: string | null) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, body: parsed };
}

/**
 * The test file's app, with SMS_URL and SMS_TOKEN pointing at the gateway (its outbox sender and its receipts route
 * read them at each use). Call `restore()` in `after` so later suites of the file go back to the log-only gateway.
 * Sending is the test's own step: `app.services.outbox.sendDue()` (the scheduler does not run in tests).
 */
export async function smsTestApp(gateway: TestSmsGateway): Promise<TestApp & { restore: () => void }> {
  const app = await testApp();
  const sms = app.services.config.sms;
  const before = { url: sms.url, token: sms.token };
  sms.url = gateway.url;
  sms.token = gateway.token;
  return {
    ...app,
    restore: () => {
      sms.url = before.url;
      sms.token = before.token;
    },
  };
}
