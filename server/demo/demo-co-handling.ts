// 会办 and 指定 in the demo (docs/rules/work-orders.md "Co-handling", "Disputes and designation"): an order whose lead
// waits for a late co-unit (one co-unit has replied, the other signed and not yet), and an order returned three
// times waiting in the supervisors' 指定承办 queue. Written without the demo's random draws, so every other story
// keeps its words and places.
import type { CreateTicket } from '../domain/tickets/tickets.schemas.ts';
import { Story } from './demo-story.ts';
import type { Demo } from './demo-tickets.ts';

/** A complaint by phone of the category, from a caller of its own (the stories of levels use it too). */
export const order = (
  d: Demo,
  category: string,
  o: Pick<CreateTicket, 'title' | 'description' | 'address'> &
    Partial<Pick<CreateTicket, 'caller_name' | 'caller_phone'>>,
): CreateTicket => ({
  channel: 'phone',
  type: 'complaint',
  urgency: 'normal',
  caller_name: '王先生',
  caller_phone: '13911112345',
  confidential: false,
  category_id: d.sc.cast.categories[category].id,
  ...o,
});

function coHandled(d: Demo): void {
  const { sc, t } = d;
  const { s, cast } = sc;
  const input = order(d, '占道经营', {
    title: '望京西园三区路口早市占道经营，垃圾遍地',
    description: '望京西园三区路口每天早上有摊贩占道经营，散场后垃圾遍地，请城管和环卫一并处理。',
    address: '朝阳区望京街道望京西园三区路口',
  });
  const story = new Story(sc, input, t.w(4, '08:40'));
  const unit = (key: string) => cast.departments[key].id;
  const level = async (key: string) =>
    (await s.tickets.detail(cast.supervisor, story.id)).levels.find((l) => l.department_id === unit(key))!.id;
  const step = (at: Date, run: () => Promise<{ version: number }>) =>
    sc.add(at, async () => {
      story.version = (await run()).version;
    });
  // The district leads; the city management commission and the housing commission co-handle.
  step(t.w(4, '09:00'), () =>
    s.actions.dispatch(sc.operator(t.w(4, '09:00')), story.id, {
      version: story.version,
      department_id: unit('chaoyang'),
      co_department_ids: [unit('cgw'), unit('zjw')],
      note: '占道经营由朝阳区主办，市城管委、市住建委协办',
    }),
  );
  step(t.w(4, '10:10'), () => s.actions.sign(cast.handlers.chaoyang, story.id, { version: story.version }));
  step(t.w(4, '11:00'), async () =>
    s.levels.sign(cast.handlers.cgw, story.id, await level('cgw'), { version: story.version }),
  );
  step(t.w(3, '15:30'), async () =>
    s.levels.reply(cast.handlers.cgw, story.id, await level('cgw'), {
      version: story.version,
      reply: '已安排执法队早间巡查，劝离占道摊贩 6 处，并通知环卫加密清扫。',
    }),
  );
  step(t.w(3, '16:10'), async () =>
    s.levels.sign(cast.handlers.zjw, story.id, await level('zjw'), { version: story.version }),
  );
}

function disputed(d: Demo): void {
  const input = order(d, '物业管理', {
    title: '小区地下车库长期积水无人处理',
    description: '小区地下车库雨后积水没过脚踝，物业称属市政管网问题，市政称属小区内部设施，来回推诿。',
    address: '丰台区右安门街道某小区地下车库',
  });
  const { t } = d;
  new Story(d.sc, input, t.w(6, '09:10'))
    .dispatch(t.w(6, '09:30'), 'zjw')
    .request(t.w(6, '14:00'), 'return', '车库积水系小区排水管网接入市政管网不畅，属于市政排水设施问题。')
    .decide(t.w(5, '09:10'), 'return', true, '同意退回')
    .dispatch(t.w(5, '09:40'), 'fengtai', '改派属地')
    .request(t.w(5, '15:00'), 'return', '小区内部排水设施由物业负责维护，属于行业主管部门监管事项。')
    .decide(t.w(4, '09:20'), 'return', true, '同意退回')
    .dispatch(t.w(4, '09:50'), 'cgw', '改派城管委（排水）')
    .request(t.w(4, '14:30'), 'return', '本单位负责市政道路排水，小区地下车库不在职责范围内。')
    .decide(t.w(3, '09:15'), 'return', true, '同意退回，已三次退单，请督办指定');
}

export function coHandlingAndDisputes(d: Demo): void {
  coHandled(d);
  disputed(d);
}
