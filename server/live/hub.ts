// The live hub: WebSocket clients at /api/v1/live receive the dashboard as soon as a committed change moves
// it. The picture is computed once per burst of changes and sent to every screen, so a thousand screens cost
// one computation. Changes made by other instances are noticed by a cheap watermark query once a second.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { bus } from '../lib/bus.ts';
import type { Services } from '../services.ts';

const SESSION_COOKIE = 'hotline_session';

function cookieToken(header: string | undefined): string | undefined {
  return header?.split(';').map((c) => c.trim().split('=')).find(([k]) => k === SESSION_COOKIE)?.[1];
}

export class LiveHub {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private computing = false;
  private dirty = false;
  private last: string | null = null;
  private watermark = '';
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: () => void;

  constructor(private readonly s: Services, opts: { pollMs?: number } = {}) {
    this.unsubscribe = bus.subscribe(() => this.changed());
    this.timers.push(setInterval(() => void this.poll(), opts.pollMs ?? 1000));
    this.timers.push(setInterval(() => this.wss.clients.forEach((c) => c.ping()), 30_000));
  }

  attach(server: http.Server): void {
    server.on('upgrade', (req, socket, head) => void this.upgrade(req, socket, head));
  }

  get clients(): number {
    return this.wss.clients.size;
  }

  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api/v1/live') return socket.destroy();
    if (!(await this.allowed(req, url))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.welcome(ws));
  }

  /** Supervisors and administrators by session; wall screens by a display link. */
  private async allowed(req: http.IncomingMessage, url: URL): Promise<boolean> {
    const display = url.searchParams.get('display');
    if (display) return this.s.displayLinks.valid(display);
    const bearer = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined;
    const token = bearer ?? url.searchParams.get('token') ?? cookieToken(req.headers.cookie);
    if (!token) return false;
    const user = await this.s.auth.authenticate(token);
    return Boolean(user && (user.role === 'supervisor' || user.role === 'admin'));
  }

  private async welcome(ws: WebSocket) {
    ws.send(this.last ?? (await this.snapshot()));
  }

  private changed() {
    if (this.wss.clients.size === 0) { this.last = null; return; }
    this.dirty = true;
    if (!this.computing) void this.recompute();
  }

  private async recompute() {
    this.computing = true;
    try {
      while (this.dirty) {
        this.dirty = false;
        const message = await this.snapshot();
        for (const c of this.wss.clients) if (c.readyState === c.OPEN) c.send(message);
      }
    } catch (err) {
      this.s.logger.error({ err }, 'live dashboard update failed');
    } finally {
      this.computing = false;
    }
  }

  private async snapshot(): Promise<string> {
    this.last = JSON.stringify({ type: 'dashboard', data: await this.s.overview.dashboard() });
    return this.last;
  }

  /** Changes committed by another instance reach this one's screens through the watermark. */
  private async poll() {
    if (this.wss.clients.size === 0) return;
    try {
      const mark = await this.s.overview.watermark();
      if (this.watermark && mark !== this.watermark) this.changed();
      this.watermark = mark;
    } catch (err) {
      this.s.logger.warn({ err }, 'live watermark poll failed');
    }
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.timers.forEach(clearInterval);
    for (const c of this.wss.clients) c.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }
}
