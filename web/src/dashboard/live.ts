// The dashboard's WebSocket: connects, hands every message over, and reconnects by itself with backoff and jitter
// (a restarted server must not be hit by a thousand wall screens in the same millisecond).
// A browser cannot read the status of a refused upgrade, so a connection that closes before it ever opened is
// examined: server down (keep retrying), display link revoked, session ended or role not allowed. An open screen
// whose link or session ends later is closed by the server with a code that says which (server/live/viewers.ts).

export type LiveState = 'connecting' | 'live' | 'reconnecting';
export type Refusal = 'display' | 'signin' | 'role';

export interface LiveOptions {
  /** The display-link token when the page was opened with ?display=, else the session cookie is used. */
  display: string | null;
  /** 'inbox': a handler's inbox, told which of its department's orders changed (server/live/hub.ts). */
  feed?: 'inbox';
  onMessage(message: { type: string; data?: unknown }): void;
  onState(state: LiveState): void;
  onRefused(reason: Refusal): void;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
/** A refused screen still looks again now and then: it recovers by itself if the cause goes away. */
const REFUSED_RETRY_MS = 60_000;
/** The server's close codes for a screen it no longer serves (server/live/viewers.ts CLOSE_CODES). */
const CLOSED_AS: Record<number, Refusal> = { 4401: 'signin', 4403: 'role', 4410: 'display' };

export function connectLive(opts: LiveOptions): { close(): void } {
  let delay = FIRST_DELAY_MS;
  let socket: WebSocket | null = null;
  let timer: number | undefined;
  let stopped = false;
  /** Upgrades that failed while the server answered, in a row: the first may be a restart's race (the WebSocket
   *  tried while the server was down, /healthz asked once it was back), so only a second one counts as a refusal. */
  let answered = 0;

  const url = () => {
    const u = new URL('/api/v1/live', location.href);
    u.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (opts.display) u.searchParams.set('display', opts.display);
    if (opts.feed) u.searchParams.set('feed', opts.feed);
    return u.toString();
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = window.setTimeout(open, ms);
  };

  const refused = (reason: Refusal) => {
    opts.onRefused(reason);
    if (reason !== 'signin') schedule(REFUSED_RETRY_MS);
  };

  const retry = () => {
    opts.onState('reconnecting');
    schedule(delay * (0.5 + Math.random()));
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  };

  function open() {
    if (stopped) return;
    let opened = false;
    const ws = new WebSocket(url());
    socket = ws;
    ws.onopen = () => {
      opened = true;
    };
    ws.onmessage = (e) => {
      delay = FIRST_DELAY_MS;
      answered = 0;
      opts.onState('live');
      try {
        opts.onMessage(JSON.parse(String(e.data)));
      } catch (err) {
        console.warn('dashboard message', err);
      }
    };
    ws.onclose = (e) => {
      if (socket !== ws || stopped) return;
      socket = null;
      if (CLOSED_AS[e.code]) return refused(CLOSED_AS[e.code]);
      if (opened) return retry();
      void refusal().then((reason) => {
        if (!reason) {
          answered = 0;
          return retry();
        }
        if (++answered < 2) {
          opts.onState('reconnecting');
          return schedule(FIRST_DELAY_MS);
        }
        refused(reason);
      });
    };
  }

  /** Why an upgrade failed while the server answers: null when it does not (down or restarting). */
  async function refusal(): Promise<Refusal | null> {
    try {
      const health = await fetch('/healthz', { cache: 'no-store' });
      if (!health.ok) return null;
      if (opts.display) return 'display';
      const me = await fetch('/api/v1/auth/me', { credentials: 'same-origin', cache: 'no-store' });
      if (me.status === 401) return 'signin';
      const user = me.ok ? await me.json() : null;
      const roles = opts.feed === 'inbox' ? ['handler'] : ['supervisor', 'admin'];
      return user && !roles.includes(user.role) ? 'role' : null;
    } catch {
      return null;
    }
  }

  // Back online or back on screen: try at once instead of waiting out the backoff.
  const now = () => {
    if (!socket && !stopped) {
      delay = FIRST_DELAY_MS;
      schedule(0);
    }
  };
  window.addEventListener('online', now);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') now();
  });

  opts.onState('connecting');
  open();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}
