// Orders from the provincial 12345 platform in the demo (docs/integration.md "Orders from an upstream"): two waiting
// in 待派单 marked as from 省12345平台 (one due sooner than our rules give, one with an item code no category
// carries), and one an operator dispatched an hour ago, due by the platform's deadline rather than our 15 days.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import type { PeerRow } from '../domain/peers/peer.types.ts';
import type { UpstreamOrder } from '../domain/upstream/upstream-orders.schemas.ts';
import type { Cast } from './demo-catalogue.ts';
import { DEMO_PEERS } from './demo-peer-keys.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function loadUpstream(s: Services, cast: Cast, now: Date): Promise<void> {
  const peer: PeerRow | undefined = await s.db('peers').where({ code: DEMO_PEERS.upstream.code }).first();
  if (!peer) return;
  // 事项编码: a category the catalogue gave an item code, when it has one.
  const coded: { item_code: string } | undefined = await s
    .db('categories')
    .whereNotNull('item_code')
    .first('item_code');
  const at = (ms: number) => new Date(now.getTime() + ms);
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  const orders: Array<{ sentAgo: number; order: UpstreamOrder; dispatch?: string }> = [
    {
      sentAgo: 2 * HOUR,
      dispatch: 'dongcheng',
      order: {
        upstream_id: `SJ${day}-DEMO-0001`,
        received_at: at(-2 * HOUR - 20 * 60_000),
        type: 'complaint',
        title: '省平台转办：和平里七区门口占道经营',
        description: '来电人向省12345反映和平里七区门口每天早上有流动摊贩占道经营，影响通行，要求尽快处理。',
        address: '东城区和平里七区',
        area_code: '110101',
        caller_name: '周先生',
        caller_phone: '13700137001',
        confidential: false,
        due_at: at(3 * DAY),
      },
    },
    {
      sentAgo: 40 * 60_000,
      order: {
        upstream_id: `SJ${day}-DEMO-0002`,
        received_at: at(-HOUR),
        type: 'help',
        title: '省平台转办：老旧小区加装电梯进度咨询',
        description: '来电人询问所在老旧小区加装电梯的审批进度，已向街道申请半年未有答复。',
        category_code: coded?.item_code ?? null,
        address: '西城区白纸坊街道右安门内大街',
        area_code: '110102',
        caller_name: '刘女士',
        caller_phone: '13700137002',
        confidential: true,
        due_at: at(2 * DAY),
      },
    },
    {
      sentAgo: 15 * 60_000,
      order: {
        upstream_id: `SJ${day}-DEMO-0003`,
        received_at: at(-25 * 60_000),
        type: 'report',
        title: '省平台转办：河道旁有人倾倒建筑垃圾',
        description: '来电人举报通州区运河边夜间有车辆倾倒建筑垃圾，已持续一周。',
        // An item code the city's catalogue does not carry: kept with the order, the operator categorises it.
        category_code: 'SX-110000-UNKNOWN',
        address: '通州区北运河东岸',
        area_code: '110112',
        confidential: false,
      },
    },
  ];
  for (const { sentAgo, order, dispatch } of orders) {
    clock.set(at(-sentAgo));
    const { order: made } = await s.upstreamOrders.receive(peer, order);
    if (!dispatch) continue;
    clock.set(at(-sentAgo + 20 * 60_000));
    const t = await s.tickets.view(made.id);
    await s.actions.dispatch(cast.operators[0], made.id, {
      version: t.version,
      department_id: cast.departments[dispatch].id,
      note: '省平台转办件，按省平台时限办理',
    });
  }
}
