// 先联系后办理 in the demo: most departments reach the resident before they sign for the order, mostly by phone,
// some by text or a visit; now and then a first call gets no answer and a later one does, and a few orders are never
// contacted, so the demo city's response rate (响应率) is neither empty nor perfect. Its own random sequence, so the
// rest of the demo's plan stays as it was.
import type { Story } from './demo-story.ts';
import { Rng } from './demo-time.ts';

const rng = new Rng(20_261_208);
const MINUTE = 60_000;

function means(): 'phone' | 'sms' | 'visit' | 'other' {
  const r = rng.next();
  return r < 0.8 ? 'phone' : r < 0.9 ? 'sms' : r < 0.97 ? 'visit' : 'other';
}

/** The contacts of one order between two moments (its dispatch and its signing, say), if there is room. */
export function contactFirst(story: Story, from: Date, until: Date): void {
  const room = (until.getTime() - from.getTime()) / MINUTE;
  if (rng.chance(0.12) || room < 4) return;
  const at = (lo: number, hi: number) =>
    new Date(from.getTime() + Math.floor(room * (lo + (hi - lo) * rng.next())) * MINUTE);
  if (rng.chance(0.15)) story.contact(at(0, 0.3), 'phone', 'unreachable');
  story.contact(at(0.35, 0.9), means(), 'reached');
}
