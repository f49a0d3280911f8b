// In-process publication of committed changes (ticket changed, rating given, call logged...). The live
// hub listens and forwards to WebSocket clients; publish only from onCommit hooks.
import { EventEmitter } from 'node:events';

export interface ChangeMessage {
  type: string;
  [key: string]: unknown;
}

/** A month's red/blue board was published (the dashboard shows the lists). */
export interface LeaderboardPublished extends ChangeMessage {
  type: 'leaderboard.published';
  month: string;
}

/** A display link was revoked: the screens opened with it are closed. */
export interface DisplayLinkRevoked extends ChangeMessage {
  type: 'display_link.revoked';
  display_link_id: number;
}

const emitter = new EventEmitter();
emitter.setMaxListeners(100);

export const bus = {
  publish(message: ChangeMessage): void {
    emitter.emit('change', message);
  },
  subscribe(listener: (m: ChangeMessage) => void): () => void {
    emitter.on('change', listener);
    return () => emitter.off('change', listener);
  },
};
