// The live hub: WebSocket clients at /api/v1/live receive the dashboard as soon as a committed change moves
// it. The picture is computed once per burst of changes and sent to every screen, so a thousand screens cost
// one computation. Changes made by other instances are noticed by a cheap watermark query once a second. A screen
// whose display link is revoked or whose session ends is closed (viewers.ts).
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { bus } from '../lib/bus.ts';
import { clock } from '../lib/clock.ts';
import { dayStart, localDate, nextDate } from '../lib/calendar.ts';
import type { Services } from '../services.ts';
import { Viewers, isInbox, type Viewer } from './viewers.ts';

/** A screen with this much still unsent is skipped for a picture (it is slow or gone). */
const MAX_BUFFERED = 1 << 20;
/**
 * Under a stream of changes, a picture begins at most this often (a lone change is shown at once): the dashboard's
 * queries must not take the database from the writes that cause them. Within the
 * 200 ms of docs/benchmarks.md with the picture's time.
 */
const MIN_GAP_MS = 100;
/**
 * At local midnight the picture moves to the new day (today's figures start again, the trend shifts) although
 * nothing changed. The timer wakes at least this often and compares the day of the last picture with today's, so
 * a clock that jumped is followed too.
 */
const ROLLOVER_CHECK_MS = 60_000;
/** Open screens are looked at again this often (a display link revoked here closes its screens at once). */
const RECHECK_MS = 30_000;

export class LiveHub {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private computing = false;
  private dirty = false;
  private closed = false;
  private lastPicture = -Infinity;
  private last: Buffer | null = null;
  private pending: Promise<Buffer> | null = null;
  /** Counts the pictures begun, so that a poll overtaken by one does not act on its older mark. */
  private snapshots = 0;
  /** Clients that answered the last ping; the others are gone without saying so and are dropped. */
  private alive = new WeakSet<WebSocket>();
  private watermark = '';
  /** Watermark polls finished (read, compared), so a test can wait for polls to go by instead of for a time. */
  polls = 0;
  private timers: NodeJS.Timeout[] = [];
  private rollover: NodeJS.Timeout | undefined;
  /** The local day the last picture shows. */
  private pictureDay = '';
  private unsubscribe: () => void;
  private readonly viewers: Viewers;

  constructor(
    private readonly s: Services,
    opts: { pollMs?: number; recheckMs?: number } = {},
  ) {
    this.viewers = new Viewers(s);
    this.unsubscribe = bus.subscribe((m) => {
      if (m.type === 'display_link.revoked') return void this.viewers.check();
      this.tellInboxes(m);
      this.changed();
    });
    this.timers.push(setInterval(() => void this.poll(), opts.pollMs ?? 1000));
    this.timers.push(setInterval(() => this.heartbeat(), 30_000));
    this.timers.push(setInterval(() => void this.viewers.check(), opts.recheckMs ?? RECHECK_MS));
    this.armRollover();
  }

  attach(server: http.Server): void {
    server.on('upgrade', (req, socket, head) => void this.upgrade(req, socket, head));
  }

  get clients(): number {
    return this.wss.clients.size;
  }

  /** Dashboards and wall screens: the clients the picture is for (handlers' inboxes are not). */
  private screens(): WebSocket[] {
    return [...this.wss.clients].filter((c) => !isInbox(this.viewers.viewer(c)));
  }

  /**
   * A handler's inbox hears that one of its units' orders arrived, changed or left (a return, a recall), and
   * reloads its lists through the API, which decides what it may read: the message names the order and the action,
   * nothing of its content. Changes committed by another instance are not heard here (the page reloads on focus).
   */
  private tellInboxes(m: { type: string; [key: string]: unknown }) {
    if (m.type !== 'ticket.changed') return;
    // The order's department, the one it left, and the units of the levels the change touched (passing down).
    const levels = Array.isArray(m.level_department_ids) ? m.level_department_ids : [];
    const departments = new Set(
      [m.department_id, m.previous_department_id, ...levels].filter((d) => typeof d === 'number'),
    );
    if (departments.size === 0) return;
    const message = JSON.stringify({ type: 'inbox', ticket_id: m.ticket_id, action: m.action });
    for (const c of this.wss.clients) {
      const v = this.viewers.viewer(c);
      if (isInbox(v) && v.inbox.some((unit) => departments.has(unit)) && c.readyState === c.OPEN) {
        c.send(message, { binary: false });
      }
    }
  }

  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api/v1/live') return socket.destroy();
    if (this.viewers.foreignCookie(req, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let viewer: Viewer | null;
    try {
      viewer = await this.viewers.admit(req, url);
    } catch (err) {
      // A database hiccup refuses this one connection (the screen retries); it must not bring the server down.
      this.s.logger.warn({ err }, 'live connection check failed');
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (!viewer) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.viewers.add(ws, viewer);
      // An inbox (re)connected may have missed changes: its first message makes it reload.
      if (isInbox(viewer)) this.welcomeInbox(ws);
      else void this.welcome(ws);
    });
  }

  private async welcome(ws: WebSocket) {
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    try {
      ws.send(this.last ?? (await this.snapshot()), { binary: false });
    } catch (err) {
      this.s.logger.error({ err }, 'live dashboard unavailable');
      ws.close(1011);
    }
  }

  private welcomeInbox(ws: WebSocket) {
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    ws.send(JSON.stringify({ type: 'inbox', ticket_id: null, action: 'welcome' }), { binary: false });
  }

  private heartbeat() {
    for (const c of this.wss.clients) {
      if (!this.alive.has(c)) {
        c.terminate();
        continue;
      }
      this.alive.delete(c);
      c.ping();
    }
  }

  private changed() {
    if (this.screens().length === 0) {
      this.last = null;
      return;
    }
    this.dirty = true;
    if (!this.computing) void this.recompute();
  }

  private async recompute() {
    this.computing = true;
    try {
      while (this.dirty && !this.closed) {
        // A picture already being computed may have started before this change: let it finish, then compute anew.
        if (this.pending) await this.pending.catch(() => undefined);
        const wait = this.lastPicture + MIN_GAP_MS - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.lastPicture = performance.now();
        this.dirty = false;
        const message = await this.snapshot();
        for (const c of this.screens()) {
          // Every message is the whole picture, so a screen still behind on the last one just gets the next.
          if (c.readyState === c.OPEN && c.bufferedAmount < MAX_BUFFERED) c.send(message, { binary: false });
        }
      }
    } catch (err) {
      this.s.logger.error({ err }, 'live dashboard update failed');
    } finally {
      this.computing = false;
    }
  }

  /**
   * One computation at a time, shared by all who wait for it (a restart brings every screen back at once), encoded
   * once: the same bytes go to every screen. The watermark read first keeps the poll from repeating our own changes.
   */
  private snapshot(): Promise<Buffer> {
    this.pending ??= (async () => {
      this.snapshots++;
      try {
        this.watermark = await this.s.overview.watermark();
        const day = localDate(clock.now());
        const message = Buffer.from(JSON.stringify({ type: 'dashboard', data: await this.s.overview.dashboard() }));
        this.last = message;
        this.pictureDay = day;
        return message;
      } catch (err) {
        this.watermark = '';
        throw err;
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }

  /** Wakes just after the next local midnight (by the service's clock) and shows the new day. */
  private armRollover() {
    const now = clock.now();
    const wait = Math.min(dayStart(nextDate(localDate(now))).getTime() - now.getTime() + 50, ROLLOVER_CHECK_MS);
    this.rollover = setTimeout(() => {
      if (this.closed) return;
      // Without screens this only forgets the old day's picture, so the next screen is not sent it.
      if (this.pictureDay && this.pictureDay !== localDate(clock.now())) this.changed();
      this.armRollover();
    }, wait);
  }

  /** Changes committed by another instance reach this one's screens through the watermark. */
  private async poll() {
    if (this.computing || this.pending || this.screens().length === 0) return;
    const seen = this.snapshots;
    try {
      const mark = await this.s.overview.watermark();
      // A picture begun meanwhile read a mark at least as new as this one, and acts on it.
      if (this.computing || this.pending || seen !== this.snapshots) return;
      if (this.watermark && mark !== this.watermark) this.changed();
      this.watermark = mark;
    } catch (err) {
      this.s.logger.warn({ err }, 'live watermark poll failed');
    } finally {
      this.polls++;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.timers.forEach(clearInterval);
    clearTimeout(this.rollover);
    for (const c of this.wss.clients) c.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }
}
