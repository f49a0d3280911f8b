// 12345与110联动 in the demo (docs/integration.md "110/119/120/122 linkage"): calls the operators put through to
// 110/119/120/122 today and in the past days (counted on the wall screen and in the call figures); two orders sent
// to the demo's 110 centre (one it accepted and handled, one still 已发送); and one 110 handed to 12345, waiting in
// 待派单 with its feed back to 110.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import type { PeerRow } from '../domain/peers/peer.types.ts';
import type { Cast } from './demo-catalogue.ts';
import { DEMO_PEERS } from './demo-peer-keys.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Calls put through, as long ago as given: [ago, partner, number]. */
const TRANSFERS: Array<[number, '110' | '119' | '120' | '122', string]> = [
  [3 * DAY + 2 * HOUR, '122', '13600136001'],
  [2 * DAY + 5 * HOUR, '110', '13600136002'],
  [DAY + 3 * HOUR, '120', '13600136003'],
  [5 * HOUR, '110', '13600136004'],
  [3 * HOUR, '119', '13600136005'],
  [90 * MINUTE, '110', '13600136006'],
  [40 * MINUTE, '120', '13600136007'],
];

export async function loadLinkage(s: Services, cast: Cast, now: Date): Promise<void> {
  const at = (ago: number) => new Date(now.getTime() - ago);
  const [operator, other] = cast.operators;
  for (const [i, [ago, partner, phone]] of TRANSFERS.entries()) {
    clock.set(at(ago - 2 * MINUTE));
    await s.calls.record(
      { actor: i % 2 ? other : operator },
      {
        caller_phone: phone,
        started_at: at(ago).toISOString(),
        answered: true,
        wait_s: null,
        talk_s: 95,
        transferred_to: partner,
      },
    );
  }

  const peer: PeerRow | undefined = await s.db('peers').where({ code: DEMO_PEERS.linkage110.code }).first();
  if (!peer) return;
  // Two orders an operator sent to 110: one accepted and handled, one waiting for 110's word (已发送).
  const sent = [
    {
      ago: 4 * HOUR,
      title: '商铺门前有人持械争吵',
      description: '来电人反映和平里东街一商铺门前两人持械争吵，情绪激动，担心发生伤人事件。',
      address: '东城区和平里东街 18 号',
      reason: '现场有人持械，需公安到场处置',
      answers: [
        { after: 10 * MINUTE, status: 'accepted' as const, note: '已派和平里派出所民警前往' },
        { after: 70 * MINUTE, status: 'handled' as const, note: '民警已到场调解，双方已离开' },
      ],
    },
    {
      ago: 25 * MINUTE,
      title: '小区地下车库有人撬车',
      description: '来电人称看到有人在小区地下车库逐辆拉车门，疑似盗窃，现仍在现场。',
      address: '西城区白纸坊街道右安门内大街 9 号院',
      reason: '疑似正在发生的盗窃，转 110 处警',
      answers: [],
    },
  ];
  for (const o of sent) {
    clock.set(at(o.ago));
    const { ticket } = await s.tickets.create(operator, {
      channel: 'phone',
      type: 'report',
      urgency: 'urgent',
      title: o.title,
      description: o.description,
      address: o.address,
      caller_name: '匿名',
      caller_phone: '13600136100',
      confidential: false,
    });
    clock.set(at(o.ago - 3 * MINUTE));
    const order = await s.linkage.send(operator, ticket.id, { partner: '110', reason: o.reason });
    for (const a of o.answers) {
      clock.set(at(o.ago - a.after));
      await s.linkage.status(peer, order.ref, {
        status: a.status,
        note: a.note,
        at: at(o.ago - a.after).toISOString(),
      });
    }
  }

  // An order 110 handed to 12345: a noise complaint that is no police matter, waiting in 待派单.
  clock.set(at(50 * MINUTE));
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  await s.linkageInbound.receive(peer, {
    external_id: `JJ${day}-DEMO-0001`,
    received_at: at(55 * MINUTE).toISOString(),
    type: 'complaint',
    title: '110 转来：楼上夜间装修噪音',
    description: '110 接警：来电人反映楼上住户每晚 22 点后仍在装修，噪音扰民，非警情，转 12345 协调处理。',
    address: '朝阳区安贞街道安华里二区 5 号楼',
    caller_phone: '13600136200',
    urgency: 'normal',
  });
}
