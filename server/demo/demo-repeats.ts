// 重复诉求 in the demo (docs/rules/work-orders.md "Repeat demands"): a resident calling a third time in a fortnight
// about the lift of his building; the third order is flagged, linked to the first two and dispatched to 朝阳区,
// whose head then has the mail and the liaison mobile the text.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import type { Cast } from './demo-catalogue.ts';

const DAY = 24 * 60 * 60_000;
const PHONE = '13700137017';
const CALLS: Array<[number, string]> = [
  [14 * DAY, '楼内电梯频繁停运，老人上下楼困难'],
  [7 * DAY, '电梯停运问题仍未解决，再次反映'],
  [DAY, '电梯停运第三次反映，物业一直未处理'],
];

export async function loadRepeats(s: Services, cast: Cast, now: Date): Promise<void> {
  const operator = cast.operators[1];
  let last = null;
  for (const [ago, title] of CALLS) {
    clock.set(new Date(now.getTime() - ago));
    last = await s.tickets.create(operator, {
      channel: 'phone',
      type: 'complaint',
      urgency: 'normal',
      title,
      description: '来电人反映所住楼栋电梯近两周多次停运，物业称在等配件，至今未修复。',
      address: '朝阳区望京西园三区312号楼',
      caller_name: '孙先生',
      caller_phone: PHONE,
      confidential: false,
    });
  }
  clock.set(new Date(now.getTime() - DAY + 30 * 60_000));
  const t = last!.ticket;
  await s.actions.dispatch(operator, t.id, { version: t.version, department_id: cast.departments.chaoyang.id });
}
