// The inbox follows its department's orders without a reload: the live hub (server/live/hub.ts, feed=inbox) says
// which order arrived, changed or left, and the page reloads its list and counts through the API. Messages that
// come together are taken as one reload. Back on screen (another instance's changes are not pushed) it reloads too.
import { connectLive } from '../dashboard/live.ts';

const SETTLE_MS = 150;

/** `reload` gets the orders named (null: some order, or none: a reconnection or the page back on screen). */
export function followInbox(reload: (changed: ReadonlySet<number | null>) => void): void {
  let timer: number | undefined;
  let ids = new Set<number | null>();
  let greeted = false;
  const soon = (id: number | null) => {
    ids.add(id);
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      const changed = ids;
      ids = new Set();
      reload(changed); // one reload for the burst
    }, SETTLE_MS);
  };
  connectLive({
    display: null,
    feed: 'inbox',
    onMessage: (m) => {
      if (m.type !== 'inbox') return;
      const { ticket_id: id, action } = m as { ticket_id?: number | null; action?: string };
      // The first connection's greeting comes just after the page loaded its lists; a reconnection's may follow
      // missed changes, so that one reloads.
      if (action === 'welcome' && !greeted) {
        greeted = true;
        return;
      }
      soon(id ?? null);
    },
    onState: (state) => {
      document.body.dataset.live = state;
    },
    onRefused: () => {
      document.body.dataset.live = 'refused';
    },
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') soon(null);
  });
}
