// Ratings to the provincial 好差评 system in the demo (docs/integration.md "Ratings to the provincial 好差评 system"):
// the demo catalogue's categories get 事项编码 in the province's shape (the city's administrative code 115101, the
// item's number), and the service-hall windows theirs (demo-reviews.ts). Loaded right after the demo peers and
// before any rating, so every rating the demo gives (callbacks, the auto-close's defaults, the windows' QR codes) is
// queued to DEMO_PEERS.provinceRatings as it counts, and a voided one withdrawn: the 对接系统 page lists them.
import type { Services } from '../services.ts';
import { DEMO_PEERS } from './demo-peer-keys.ts';

/** 事项编码 of a demo category: the province's prefix and the catalogue code (0301 -> 11510100000000-0301). */
export const demoItemCode = (code: string) => `11510100000000-${code}`;

/** The windows' own item codes: 社保缴纳 at the social security window, 公积金提取 at the fund's. */
export const DEMO_WINDOW_ITEM_CODES = { hall: demoItemCode('030201'), fund: demoItemCode('030301') };

export async function loadProvinceRatings(s: Services): Promise<void> {
  const peer = await s.db('peers').where({ code: DEMO_PEERS.provinceRatings.code }).first('id');
  if (!peer) throw new Error(`demo peer ${DEMO_PEERS.provinceRatings.code} missing: loadPeers runs first`);
  // Every coded category (the catalogue's file gives none; an administrator sets them on 目录编码与版本).
  const coded: Array<{ id: number; code: string }> = await s.db('categories').whereNotNull('code').select('id', 'code');
  for (const c of coded) await s.categories.update(c.id, { item_code: demoItemCode(c.code) });
}
