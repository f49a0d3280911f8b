// 转派 in the demo (docs/rules/work-orders.md "Passing down"): an order of 东城区 passed down to 和平里街道 and on to
// 和平里七区社区, whose reply waits for the street's review (待审核), and an order of 朝阳区 passed down to 望京街道 that
// the street has still to sign (下派给我的, its card yellow on the day its sign-for deadline ends). Both are 属地
// matters, which may go down to the grassroots. Written without the demo's random draws, so every other story keeps
// its words and places.
import { order } from './demo-co-handling.ts';
import { Story } from './demo-story.ts';
import type { Demo } from './demo-tickets.ts';

const CALLER = { caller_name: '刘女士', caller_phone: '13722223456' };

/** The steps of one story on the levels, each taking the version the last one left. */
function stepsOf(d: Demo, story: Story) {
  const { s, cast } = d.sc;
  const unit = (key: string) => cast.departments[key].id;
  const level = async (key: string) =>
    (await s.tickets.detail(cast.supervisor, story.id)).levels.find((l) => l.department_id === unit(key))!.id;
  const step = (at: Date, run: () => Promise<{ version: number }>) =>
    d.sc.add(at, async () => {
      story.version = (await run()).version;
    });
  return {
    passDown: (at: Date, from: string, to: string, note: string) =>
      step(at, () =>
        s.levels.passDown(cast.handlers[from], story.id, { version: story.version, department_id: unit(to), note }),
      ),
    sign: (at: Date, key: string) =>
      step(at, async () => s.levels.sign(cast.handlers[key], story.id, await level(key), { version: story.version })),
    contact: (at: Date, key: string) =>
      step(at, () => s.contact.contact(cast.handlers[key], story.id, { version: story.version })),
    reply: (at: Date, key: string, reply: string) =>
      step(at, async () =>
        s.levels.reply(cast.handlers[key], story.id, await level(key), { version: story.version, reply }),
      ),
  };
}

function awaitingReview(d: Demo): void {
  const { t } = d;
  const story = new Story(
    d.sc,
    order(d, '垃圾清运', {
      title: '和平里七区垃圾站满溢多日无人清运',
      description: '和平里七区 12 号楼旁垃圾站满溢已有三天，异味很大，夏天蚊蝇多，请尽快清运。',
      address: '东城区和平里街道和平里七区 12 号楼旁',
      ...CALLER,
    }),
    t.w(3, '08:50'),
  )
    .dispatch(t.w(3, '09:10'), 'dongcheng')
    .sign(t.w(3, '09:50'));
  const steps = stepsOf(d, story);
  steps.passDown(t.w(3, '10:20'), 'dongcheng', 'hepingli', '属地垃圾清运，请和平里街道落实');
  steps.sign(t.w(3, '14:00'), 'hepingli');
  steps.passDown(t.w(2, '09:00'), 'hepingli', 'hepingli7', '请社区核实现场并协调环卫清运');
  steps.sign(t.w(2, '09:40'), 'hepingli7');
  steps.contact(t.w(2, '10:05'), 'hepingli7');
  steps.reply(t.w(1, '16:20'), 'hepingli7', '已联系环卫所加派车辆清运，垃圾站已清空并消杀，已电话告知来电人。');
}

function toSign(d: Demo): void {
  const { t } = d;
  const story = new Story(
    d.sc,
    order(d, '噪音扰民', {
      title: '望京某小区楼下商铺夜间音响扰民',
      description: '望京街道某小区底商每晚放音响到 23 点以后，多次沟通无效，影响老人孩子休息。',
      address: '朝阳区望京街道望京西园四区底商',
      ...CALLER,
    }),
    t.w(1, '09:30'),
  )
    .dispatch(t.w(1, '09:50'), 'chaoyang')
    .sign(t.w(1, '11:00'));
  stepsOf(d, story).passDown(t.w(1, '15:00'), 'chaoyang', 'wangjing', '属地噪音问题，请望京街道核查处理');
}

export function passedDown(d: Demo): void {
  awaitingReview(d);
  toSign(d);
}
