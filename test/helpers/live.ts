// Screens on the live hub for the tests: a WebSocket client that keeps every message and how it was closed, and a
// hub of a test's own (its own timers and options) on its own port, sharing the test service and its bus.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { LiveHub } from '../../server/live/hub.ts';
import { testApp } from './test-app.ts';

export interface Screen {
  ws: WebSocket;
  messages: any[];
  /** Resolves once the upgrade is accepted; rejects with "refused <status>" otherwise. */
  opened: Promise<void>;
  /** Resolves with the close code and reason once the server closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** The first message (from the start) that matches, waiting at most timeoutMs for it. */
  next(pred: (m: any) => boolean, timeoutMs?: number): Promise<any>;
}

export function screen(url: string, headers: Record<string, string> = {}): Screen {
  const ws = new WebSocket(url, { headers });
  const messages: any[] = [];
  const waiters: Array<() => void> = [];
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
  opened.catch(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
  ws.on('message', (m) => {
    messages.push(JSON.parse(String(m)));
    waiters.splice(0).forEach((w) => w());
  });
  const next = (pred: (m: any) => boolean, timeoutMs = 10_000) =>
    new Promise<any>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching message in ${timeoutMs} ms (${messages.length} received)`)),
        timeoutMs,
      );
      const check = () => {
        const found = messages.find(pred);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  return { ws, messages, opened, closed, next };
}

/** Waits for a promise at most ms, answering 'timeout' if it has not settled by then. */
export function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

/** A hub of the test's own on the shared test service, at ws://…/api/v1/live. */
export async function ownHub(opts: ConstructorParameters<typeof LiveHub>[1] = {}) {
  const { services } = await testApp();
  const server = http.createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const hub = new LiveHub(services, opts);
  hub.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hub,
    url: `ws://127.0.0.1:${port}/api/v1/live`,
    async close() {
      await hub.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
