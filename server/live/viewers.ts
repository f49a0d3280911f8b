// Who each screen of the live hub was let in as, and the look taken again while it stays open: a revoked display
// link or an ended session (logout, idle too long, account disabled, role taken away) closes the screens it
// opened, with a close code the page reads as a refusal (web/src/dashboard/live.ts), as it reads a refused upgrade.
import type http from 'node:http';
import type { WebSocket } from 'ws';
import type { Services } from '../services.ts';
import { can, unitsOf } from '../domain/access/access.ts';
import { SESSION_COOKIE } from '../http/middleware/auth.ts';
import { fromOwnPage } from '../http/middleware/origin.ts';

/** A wall screen, a supervisor's dashboard, or a handler's inbox (feed=inbox: told only of its units' orders). */
export type Viewer = { display: string } | { session: string } | { session: string; inbox: readonly number[] };
export type Refusal = 'display' | 'signin' | 'role';

/** Close codes of the private range, after HTTP's 401 (sign in again), 403 (not allowed) and 410 (link gone). */
export const CLOSE_CODES: Record<Refusal, number> = { signin: 4401, role: 4403, display: 4410 };

export const isInbox = (v: Viewer | undefined): v is { session: string; inbox: readonly number[] } =>
  v !== undefined && 'inbox' in v;

function cookieToken(header: string | undefined): string | undefined {
  return header
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === SESSION_COOKIE)?.[1];
}

export class Viewers {
  private readonly open = new Map<WebSocket, Viewer>();
  private checking = false;
  private again = false;

  constructor(private readonly s: Services) {}

  /**
   * Supervisors and administrators by session, wall screens by a display link, and with feed=inbox a handler of a
   * department by session (its inbox hears which of its orders changed, nothing else); null when refused.
   */
  async admit(req: http.IncomingMessage, url: URL): Promise<Viewer | null> {
    const display = url.searchParams.get('display');
    if (display) return (await this.s.displayLinks.valid(display)) ? { display } : null;
    const bearer = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined;
    const token = bearer ?? url.searchParams.get('token') ?? cookieToken(req.headers.cookie);
    if (!token) return null;
    // Opening the screen is activity of the session; watching it afterwards is not (see refusal).
    const user = await this.s.auth.authenticate(token);
    if (url.searchParams.get('feed') === 'inbox') {
      // The units the handler sees (access.ts unitsOf: their own department and the units below it).
      const units = user && can(user, 'live.inbox') ? unitsOf(user) : [];
      return units.length ? { session: token, inbox: units } : null;
    }
    return user && can(user, 'live.dashboard') ? { session: token } : null;
  }

  /**
   * A session that only the browser's cookie names, on a page of another origin (another site, or another port of
   * this host): that page would read the dashboard, or an inbox's news, as the signed-in user. A display link, a
   * Bearer token or ?token= is the caller's own and is not checked (wall screens keep working wherever they are).
   */
  foreignCookie(req: http.IncomingMessage, url: URL): boolean {
    if (url.searchParams.get('display') || url.searchParams.get('token')) return false;
    if (req.headers.authorization?.startsWith('Bearer ')) return false;
    return cookieToken(req.headers.cookie) !== undefined && !fromOwnPage(req, this.s.config);
  }

  viewer(ws: WebSocket): Viewer | undefined {
    return this.open.get(ws);
  }

  add(ws: WebSocket, viewer: Viewer): void {
    this.open.set(ws, viewer);
    ws.once('close', () => this.open.delete(ws));
  }

  /**
   * Looks at every open screen again and closes those no longer allowed. One query per link or session however
   * many screens share it; a check that fails keeps the screen (a database hiccup must not blank every wall), and
   * the next check looks again. A call while a check runs makes it run once more at the end.
   */
  async check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = true;
    try {
      do {
        this.again = false;
        await this.checkOnce();
      } while (this.again);
    } finally {
      this.checking = false;
    }
  }

  private async checkOnce() {
    const verdicts = new Map<string, Promise<Refusal | null>>();
    const units = new Map<string, readonly number[]>();
    for (const [ws, viewer] of [...this.open]) {
      const key = 'display' in viewer ? `display:${viewer.display}` : `session:${viewer.session}`;
      let verdict = verdicts.get(key);
      if (!verdict) {
        verdict = this.refusal(viewer, units).catch((err) => {
          this.s.logger.warn({ err }, 'live viewer check failed');
          return null;
        });
        verdicts.set(key, verdict);
      }
      const refusal = await verdict;
      if (refusal && ws.readyState === ws.OPEN) ws.close(CLOSE_CODES[refusal], refusal);
      // The units below a handler's follow the tree as it is now: a street made under a district is heard of.
      if (!refusal && isInbox(viewer)) viewer.inbox = units.get(viewer.session) ?? viewer.inbox;
    }
  }

  private async refusal(viewer: Viewer, units: Map<string, readonly number[]>): Promise<Refusal | null> {
    if ('display' in viewer) return (await this.s.displayLinks.valid(viewer.display)) ? null : 'display';
    const user = await this.s.auth.peek(viewer.session);
    if (!user) return 'signin';
    // A handler moved to another department (or to another role) no longer hears of this one's orders. An inbox's
    // first unit is the handler's own department (unitsOf: the department, then the units below it).
    if (isInbox(viewer)) {
      if (!can(user, 'live.inbox') || user.department_id !== viewer.inbox[0]) return 'role';
      units.set(viewer.session, unitsOf(user));
      return null;
    }
    return can(user, 'live.dashboard') ? null : 'role';
  }
}
