// The status feed in the demo (docs/integration.md "Status back to the upstream"): an order the provincial 12345
// platform sent down three days ago, dispatched, signed for, answered and closed after a callback that rated it 5.
// Each change queued its message to the platform (dispatched, signed, replied, rated, closed): its page shows
// 状态同步至 省12345平台（演示） with them counted, and the sender (the demo peer has no URL) logs and counts them as sent.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import type { PeerRow } from '../domain/peers/peer.types.ts';
import type { Cast } from './demo-catalogue.ts';
import { DEMO_PEERS } from './demo-peer-keys.ts';

const HOUR = 3_600_000;

export async function loadUpstreamFeed(s: Services, cast: Cast, now: Date): Promise<void> {
  const peer: PeerRow | undefined = await s.db('peers').where({ code: DEMO_PEERS.upstream.code }).first();
  if (!peer) return;
  const start = now.getTime() - 72 * HOUR;
  const at = (h: number) => clock.set(new Date(start + h * HOUR));
  at(0);
  const { order } = await s.upstreamOrders.receive(peer, {
    upstream_id: `SJ${new Date(start).toISOString().slice(0, 10).replace(/-/g, '')}-DEMO-0100`,
    received_at: new Date(start - 30 * 60_000),
    type: 'complaint',
    title: '省平台转办：东直门内大街餐馆油烟扰民',
    description: '来电人向省12345反映东直门内大街一餐馆排烟管道正对居民楼，油烟很大，要求整改。',
    address: '东城区东直门内大街',
    area_code: '110101',
    caller_name: '孙女士',
    caller_phone: '13700137100',
    confidential: false,
  });
  const operator = cast.operators[0];
  const handler = cast.handlers.dongcheng;
  at(0.5);
  const t = await s.tickets.view(order.id);
  const dispatched = await s.actions.dispatch(operator, order.id, {
    version: t.version,
    department_id: cast.departments.dongcheng.id,
  });
  at(2);
  const signed = await s.actions.sign(handler, order.id, { version: dispatched.version });
  at(26);
  const replied = await s.actions.reply(handler, order.id, {
    version: signed.version,
    resolution: '已联合市场监管所现场检查，责令餐馆加装油烟净化设备并改造排烟管道走向，现已整改完毕。',
  });
  at(50);
  await s.actions.callback(cast.operators[1], order.id, {
    version: replied.version,
    contacted: true,
    solved: 'yes',
    score: 5,
    note: '群众对整改结果满意',
  });
}
