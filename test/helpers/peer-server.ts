// A real peer for the tests (an upstream platform, the provincial 好差评 system, a linkage partner...): a node:http
// server on 127.0.0.1 (a random port) that takes the webhooks Hotline posts, records every one and checks its
// signature against the keys it is given. It can go down, refuse some posts and answer slowly.
//
//   const peer = await startPeerServer({ [keyId]: secret });   // keys: key id -> secret (add more: peer.keys.set)
//   ... point the peer's url at peer.url (or peer.url + '/any/path'), then `await services.outbox.sendDue()`
//   peer.posts             every POST in order: {path, headers, raw, json, at, keyId, signature, event, delivery,
//                          stream, valid, answer}; `valid` = the signature matches the named key's secret
//   peer.delivered()       the posts answered 2xx (optionally of one stream)
//   peer.down(n?, how?)    answer 503 (or 'drop': close the connection unanswered) to every post until `up()`, or
//                          only to the next n posts
//   peer.up()              back to normal
//   peer.refuse(pred, 422) answer that 4xx to every post matching pred (until `clear()`); several may be set
//   peer.delayMs = 500     answer every post that late (the sender's timeout is shorter in a slow-peer test)
//   peer.clear()           forget posts and every failure setting;   await peer.close()
//
// `at` is the settable clock's time (server/lib/clock.ts) when the post arrived. A post with a bad or unknown
// signature is still answered 200 (tests assert `valid` themselves) unless `rejectInvalid` is set (then 401).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clock } from '../../server/lib/clock.ts';
import { verifySignature } from '../../server/domain/peers/peer-signing.ts';

export interface PeerPost {
  path: string;
  /** Lower-case header names as received. */
  headers: Record<string, string>;
  raw: string;
  /** The parsed body, or undefined when it was not JSON. */
  json: any;
  at: Date;
  keyId: string;
  signature: string;
  event: string;
  delivery: string;
  stream: string;
  valid: boolean;
  /** An HTTP status, 'dropped' (closed unanswered) or 'gone' (the sender hung up while the peer was slow). */
  answer: number | 'dropped' | 'gone';
}

type Down = { how: 503 | 'drop'; left: number | null };

export class TestPeerServer {
  readonly posts: PeerPost[] = [];
  readonly keys: Map<string, string>;
  delayMs = 0;
  rejectInvalid = false;
  port = 0;
  private outage: Down | null = null;
  private refusals: Array<{ pred: (p: PeerPost) => boolean; status: number }> = [];
  private server: http.Server | null = null;

  constructor(keys: Record<string, string> = {}) {
    this.keys = new Map(Object.entries(keys));
  }

  /** The base address (the peer's url; any path under it is accepted and recorded). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  down(posts: number | null = null, how: 503 | 'drop' = 503): void {
    this.outage = { how, left: posts };
  }

  up(): void {
    this.outage = null;
  }

  refuse(pred: (p: PeerPost) => boolean, status = 422): void {
    this.refusals.push({ pred, status });
  }

  delivered(stream?: string): PeerPost[] {
    return this.posts.filter(
      (p) => typeof p.answer === 'number' && p.answer < 300 && (stream === undefined || p.stream === stream),
    );
  }

  clear(): void {
    this.posts.length = 0;
    this.refusals = [];
    this.outage = null;
    this.delayMs = 0;
  }

  async start(): Promise<this> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
    let json: any;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const keyId = headers['x-hotline-key'] ?? '';
    const signature = headers['x-hotline-signature'] ?? '';
    const secret = this.keys.get(keyId);
    const post: PeerPost = {
      path: req.url ?? '',
      headers,
      raw,
      json,
      at: clock.now(),
      keyId,
      signature,
      event: headers['x-hotline-event'] ?? '',
      delivery: headers['x-hotline-delivery'] ?? '',
      stream: headers['x-hotline-stream'] ?? '',
      valid: secret !== undefined && verifySignature(secret, raw, signature),
      answer: 200,
    };
    this.posts.push(post);
    const reply = (status: number, body: unknown) => {
      if (res.destroyed || req.socket.destroyed) {
        post.answer = 'gone';
        return;
      }
      post.answer = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const outage = this.outage;
    if (outage) {
      if (outage.left !== null && --outage.left <= 0) this.outage = null;
      if (outage.how === 'drop') {
        post.answer = 'dropped';
        req.socket.destroy();
        return;
      }
      return reply(503, { error: 'unavailable' });
    }
    const respond = () => {
      if (this.rejectInvalid && !post.valid) return reply(401, { error: 'bad signature' });
      const refusal = this.refusals.find((r) => r.pred(post));
      if (refusal) return reply(refusal.status, { error: 'refused' });
      reply(200, { received: post.delivery });
    };
    if (this.delayMs > 0) setTimeout(respond, this.delayMs);
    else respond();
  }
}

/** A started peer server checking signatures against `keys` (key id -> secret). */
export function startPeerServer(keys: Record<string, string> = {}): Promise<TestPeerServer> {
  return new TestPeerServer(keys).start();
}
