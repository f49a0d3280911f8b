// The cases a demo has to be able to show, placed on fixed working days before today (W(k)) so that each one has
// happened in full whatever the day of loading: returns, extensions, suspensions, redo, supervision, merges,
// urgent and confidential orders, and cards both red and yellow.
import { Story } from './demo-story.ts';
import { call, type Demo } from './demo-tickets.ts';
import { coHandlingAndDisputes } from './demo-co-handling.ts';
import { passedDown } from './demo-levels.ts';

function returns(d: Demo): void {
  const { sc, t } = d;
  // Pending: the city housing commission sends a property matter back to the district.
  const a = call(d, '物业管理', '电梯', { district: 'chaoyang' });
  new Story(sc, a.input, t.w(1, '09:40'))
    .dispatch(t.w(1, '09:55'), 'zjw')
    .request(t.w(1, '14:20'), 'return', '该诉求为小区物业服务问题，属于属地管理事项，请改派朝阳区办理。');

  // Approved, re-dispatched to the district, replied and closed.
  const b = call(d, '道路破损', '坑洼', { district: 'fengtai' });
  new Story(sc, b.input, t.w(12, '08:50'))
    .dispatch(t.w(12, '09:05'), 'jtw')
    .request(
      t.w(12, '15:30'),
      'return',
      '经现场核实，反映路段为小区内部道路，不属于城市道路养护范围，请改派丰台区属地处理。',
    )
    .decide(t.w(11, '09:20'), 'return', true, '同意退回，请改派属地')
    .dispatch(t.w(11, '09:45'), 'fengtai', '经核实为小区内部道路，改派属地办理')
    .sign(t.w(11, '10:30'))
    .reply(t.w(8, '16:00'), b.issue.resolution)
    .callback(t.w(7, '10:00'), 4);

  // Approved late yesterday: back with the hotline, waiting to be dispatched again.
  const c = call(d, '供暖问题', '未按时供暖', { district: 'tongzhou' });
  new Story(sc, c.input, t.w(1, '08:40'))
    .dispatch(t.w(1, '08:55'), 'cgw')
    .request(t.w(1, '10:10'), 'return', '该小区由区属供热企业供暖，不属于市级直管范围，请派通州区办理。')
    .decide(t.w(1, '17:40'), 'return', true, '同意退回');

  // Rejected: wage arrears are the labour bureau's, so it signs and handles it.
  const e = call(d, '劳动欠薪', '离职后', { district: 'haidian' });
  new Story(sc, e.input, t.w(9, '09:30'))
    .dispatch(t.w(9, '09:45'), 'rsj')
    .request(t.w(9, '14:00'), 'return', '来电人与公司系劳动合同纠纷，建议通过劳动仲裁途径解决。')
    .decide(t.w(8, '09:30'), 'return', false, '拖欠工资属劳动保障监察职责，请签收办理')
    .sign(t.w(8, '10:00'))
    .reply(t.w(4, '15:00'), e.issue.resolution)
    .callback(t.w(3, '10:30'), 5);
}

function extensionsAndSuspensions(d: Demo): void {
  const { sc, t } = d;
  const a = call(d, '劳动欠薪', '餐饮公司', { district: 'haidian' });
  new Story(sc, a.input, t.w(14, '10:15'))
    .dispatch(t.w(14, '10:30'), 'rsj')
    .sign(t.w(13, '09:10'))
    .request(
      t.w(3, '16:20'),
      'extension',
      '涉及十余名劳动者，需调取考勤和工资发放记录并约谈企业负责人，申请延期5个工作日。',
      5,
    )
    .decide(t.w(2, '09:40'), 'extension', true, '同意延期5个工作日');

  const b = call(d, '房屋租赁', '群租房', { district: 'fengtai' });
  new Story(sc, b.input, t.w(19, '14:20'))
    .dispatch(t.w(19, '14:35'), 'fengtai')
    .sign(t.w(18, '09:15'))
    .request(t.w(6, '11:00'), 'extension', '需联合派出所、消防部门对涉及房屋逐户入户检查，申请延期3个工作日。', 3)
    .decide(t.w(5, '10:00'), 'extension', true)
    .reply(t.w(2, '16:30'), b.issue.resolution)
    .callback(t.w(1, '10:20'), 4);

  const c = call(d, '消费纠纷', '健身房', { district: 'chaoyang' });
  new Story(sc, c.input, t.w(8, '11:00'))
    .dispatch(t.w(8, '11:20'), 'scjgj')
    .sign(t.w(8, '15:00'))
    .request(t.w(3, '10:00'), 'extension', '经营者下落不明，需协调公安部门协查，申请延期10个工作日。', 10)
    .decide(t.w(2, '15:10'), 'extension', false, '距办理时限尚有较长时间，请在时限内办结');

  // The longest deadline there is (15 working days and 10 more): loaded from late November on, it reaches into the
  // coming year, whose holidays are not yet published, and moves once an administrator enters them.
  const long = call(d, '劳动欠薪', '工地', { district: 'chaoyang', urgent: false });
  new Story(sc, long.input, t.w(3, '09:10'))
    .dispatch(t.w(3, '09:30'), 'rsj')
    .sign(t.w(3, '11:00'))
    .request(
      t.w(2, '10:00'),
      'extension',
      '涉及工程总包、分包多家单位，需调取劳务合同和工资支付记录，申请延期10个工作日。',
      10,
    )
    .decide(t.w(1, '11:30'), 'extension', true, '同意延期10个工作日');

  // Suspended while the resident is away: the deadline clock stands still.
  const e = call(d, '供暖问题', '暖气不热', { district: 'chaoyang', urgent: false });
  new Story(sc, e.input, t.w(4, '08:30'))
    .dispatch(t.w(4, '08:45'), 'chaoyang')
    .sign(t.w(4, '09:20'))
    .request(t.w(3, '11:00'), 'suspension', '来电人出差在外，需待其返京后入户测温，申请挂起。')
    .decide(t.w(3, '14:30'), 'suspension', true, '同意挂起，来电人返京后请及时恢复办理');

  // Suspended, resumed with the remaining time, replied and closed.
  const f = call(d, '物业管理', '车库', { district: 'haidian' });
  new Story(sc, f.input, t.w(15, '10:00'))
    .dispatch(t.w(15, '10:20'), 'haidian')
    .sign(t.w(15, '14:00'))
    .request(t.w(13, '10:30'), 'suspension', '维修需使用专项维修资金，须经业主大会表决，表决期间申请挂起。')
    .decide(t.w(13, '16:00'), 'suspension', true)
    .resume(t.w(8, '09:30'))
    .reply(t.w(6, '15:00'), f.issue.resolution)
    .callback(t.w(5, '11:00'), 5);
}

function redo(d: Demo): void {
  const { sc, t } = d;
  // Reopened on a bad callback, signed again, and now supervised.
  const a = call(d, '施工扰民', '夜间违规', { district: 'chaoyang' });
  new Story(sc, a.input, t.w(12, '09:10'))
    .dispatch(t.w(12, '09:30'), 'chaoyang')
    .sign(t.w(12, '11:00'))
    .reply(t.w(8, '16:40'), '已约谈施工单位，要求其严格遵守夜间施工管理规定。')
    .callback(t.w(7, '10:15'), 2, '工地夜里11点以后还在打桩，问题没有解决')
    .sign(t.w(6, '09:40'))
    .supervise(t.w(3, '10:00'), '重办件，群众多次反映夜间施工问题，请彻底解决并于3个工作日内答复。');

  // Reopened, then put right and closed.
  const b = call(d, '餐饮油烟', '烧烤店', { district: 'xicheng' });
  new Story(sc, b.input, t.w(18, '10:00'))
    .dispatch(t.w(18, '10:15'), 'xicheng')
    .sign(t.w(17, '09:00'))
    .reply(t.w(13, '15:00'), '已要求商户规范油烟排放。')
    .callback(t.w(12, '10:00'), 1, '油烟还是直排，净化器根本没开')
    .sign(t.w(12, '14:00'))
    .reply(t.w(9, '16:00'), b.issue.resolution)
    .callback(t.w(8, '10:30'), 4);

  // Reopened yesterday: back in the district's inbox.
  const c = call(d, '垃圾清运', '满溢', { district: 'tongzhou' });
  new Story(sc, c.input, t.w(5, '08:20'))
    .dispatch(t.w(5, '08:35'), 'tongzhou')
    .sign(t.w(5, '10:00'))
    .reply(t.w(3, '15:00'), '已安排清运单位清运。')
    .callback(t.w(1, '10:00'), 2, '只清运了一次，第二天又满了，没有根本解决');
}

function cards(d: Demo): void {
  const { sc, t } = d;
  // Red: a complaint past its 15 working days, supervised.
  const a = call(d, '劳动欠薪', '工地', { district: 'tongzhou', urgent: false });
  new Story(sc, a.input, t.w(19, '09:00'))
    .dispatch(t.w(19, '09:20'), 'rsj')
    .sign(t.w(18, '10:00'))
    .supervise(t.w(2, '10:00'), '该工单已超期，请立即办理并反馈进展。');
  // Red: never signed for.
  const b = call(d, '占道经营', '早市', { district: 'fengtai' });
  new Story(sc, b.input, t.w(3, '15:50')).dispatch(t.w(3, '16:10'), 'fengtai');
  // Red: a request for help past its 5 working days.
  const c = call(d, '供暖问题', '暖气不热', { district: 'dongcheng', urgent: false });
  new Story(sc, c.input, t.w(9, '08:40')).dispatch(t.w(9, '09:00'), 'dongcheng').sign(t.w(9, '10:30'));

  // Urgent, in hours: one worked and closed, one in its last quarter (yellow), one overdue (red).
  const e = call(d, '道路破损', '井盖', { district: 'haidian', urgent: true });
  new Story(sc, e.input, t.w(6, '07:50'))
    .dispatch(t.w(6, '07:56'), 'haidian')
    .sign(t.w(6, '08:08'))
    .reply(t.w(6, '11:20'), e.issue.resolution)
    .callback(t.w(5, '10:00'), 5);
  const f = call(d, '供暖问题', '暖气不热', { district: 'fengtai', urgent: true });
  new Story(sc, f.input, t.ago(20 * 60)).dispatch(t.ago(19 * 60 + 50), 'fengtai').sign(t.ago(19 * 60 + 30));
  const g = call(d, '供暖问题', '漏水', { district: 'tongzhou', urgent: true });
  new Story(sc, g.input, t.ago(31 * 60)).dispatch(t.ago(30 * 60 + 52), 'tongzhou').sign(t.ago(30 * 60 + 35));
}

function others(d: Demo): void {
  const { sc, t } = d;
  // Confidential: the department never sees who called.
  const a = call(d, '食品安全', '过期食材', { district: 'chaoyang' });
  new Story(sc, a.input, t.w(7, '13:30'))
    .dispatch(t.w(7, '13:45'), 'scjgj')
    .sign(t.w(6, '09:00'))
    .reply(t.w(2, '17:00'), a.issue.resolution);

  // Answered on the phone from the knowledge base.
  const b = call(d, '公积金提取', '租房提取');
  new Story(sc, b.input, t.w(2, '10:05')).answer(t.w(2, '10:12'), b.issue.resolution);

  // Three residents about the same morning market: two later calls merged into the first.
  const c = call(d, '占道经营', '早市', { district: 'haidian' });
  const first = new Story(sc, c.input, t.w(4, '07:40'))
    .dispatch(t.w(4, '07:55'), 'haidian')
    .sign(t.w(4, '09:30'))
    .reply(t.w(2, '16:00'), c.issue.resolution)
    .callback(t.w(1, '11:00'), 4);
  const dup1 = call(d, '占道经营', '早市', { district: 'haidian', place: c.place });
  new Story(sc, dup1.input, t.w(4, '08:20')).merge(t.w(4, '08:26'), first);
  const dup2 = call(d, '占道经营', '早市', { district: 'haidian', place: c.place });
  new Story(sc, dup2.input, t.w(3, '09:10')).dispatch(t.w(3, '09:20'), 'haidian').merge(t.w(3, '10:05'), first);

  const e = call(d, '物业管理', '表扬', { district: 'xicheng' });
  new Story(sc, e.input, t.w(10, '18:30'))
    .dispatch(t.w(10, '18:40'), 'xicheng')
    .sign(t.w(9, '09:00'))
    .reply(t.w(9, '11:00'), e.issue.resolution)
    .callback(t.w(8, '15:00'), 5);

  // Confidential and held by a district: handler_chaoyang works it without the caller (no 显示号码 on it).
  const g = call(d, '施工扰民', '夜间违规', { district: 'chaoyang' });
  new Story(sc, { ...g.input, confidential: true }, t.w(1, '10:30'))
    .dispatch(t.w(1, '10:45'), 'chaoyang')
    .sign(t.w(1, '14:00'));
  // Dispatched to the district 40 minutes ago and not yet signed: in 待签收, its caller to be contacted first.
  const k = call(d, '物业管理', '电梯', { district: 'chaoyang' });
  new Story(sc, k.input, t.ago(50)).dispatch(t.ago(40), 'chaoyang');

  // An open order at 南竹竿胡同22号, for the duplicate an operator is shown when the next caller says 南竹竿胡同23号
  // or 东城区南竹竿胡同22号 (written by hand, drawing nothing from the generator, so the rest stays as it was).
  new Story(
    sc,
    {
      channel: 'phone',
      type: 'complaint',
      urgency: 'normal',
      title: '南竹竿胡同垃圾桶满溢无人清运',
      description: '来电人反映南竹竿胡同22号门口的垃圾桶已满溢两天，无人清运，气味很大。',
      category_id: sc.cast.categories['垃圾清运'].id,
      address: '东城区朝阳门街道南竹竿胡同22号',
      caller_name: '赵女士',
      caller_phone: '13911082206',
      confidential: false,
    },
    t.w(1, '09:20'),
  )
    .dispatch(t.w(1, '09:40'), 'dongcheng')
    .sign(t.w(1, '11:00'));
}

/** 回访 in every state an operator meets (written by hand, drawing nothing from the generator). */
function callbacks(d: Demo): void {
  const { sc, t } = d;
  const order = (title: string, description: string, address: string, caller: [string, string]) => ({
    channel: 'phone' as const,
    type: 'complaint' as const,
    urgency: 'normal' as const,
    title,
    description,
    category_id: sc.cast.categories['噪音扰民'].id,
    address,
    caller_name: caller[0],
    caller_phone: caller[1],
    confidential: false,
  });
  // Replied, two callbacks not answered: the next failure closes it as 联系不上.
  new Story(
    sc,
    order(
      '广场舞音响声音过大',
      '来电人反映每晚小区广场舞音响声音过大，持续到晚上十点。',
      '海淀区学院路街道展春园小区中心广场',
      ['钱先生', '13911230417'],
    ),
    t.w(6, '09:10'),
  )
    .dispatch(t.w(6, '09:25'), 'haidian')
    .sign(t.w(6, '11:00'))
    .reply(t.w(2, '15:00'), '已约谈活动组织者，调低音量并于晚 9 点前结束。')
    .callbackFailed(t.w(1, '10:05'), 'no_answer', '响铃无人接')
    .callbackFailed(t.w(1, '15:40'), 'busy');
  // Replied and rated by the resident through the link: the callback asks only contact and solved.
  new Story(
    sc,
    order(
      '商铺促销喇叭噪音',
      '来电人反映临街商铺门口喇叭循环播放促销广告，噪音扰民。',
      '西城区新街口街道新街口北大街 58 号',
      ['孙女士', '13911230562'],
    ),
    t.w(5, '10:20'),
  )
    .dispatch(t.w(5, '10:35'), 'xicheng')
    .sign(t.w(5, '14:00'))
    .reply(t.w(2, '11:00'), '已责令商铺停止使用外放喇叭。')
    .residentRates(t.w(2, '19:30'), 4, '处理及时');
  // Three callbacks not answered: closed as unreachable, without a score.
  new Story(
    sc,
    order('空调外机夜间噪音', '来电人反映楼下餐馆空调外机夜间噪音大，影响休息。', '朝阳区三里屯街道幸福三村 12 号楼', [
      '周先生',
      '13911230733',
    ]),
    t.w(9, '14:30'),
  )
    .dispatch(t.w(9, '14:45'), 'chaoyang')
    .sign(t.w(8, '09:30'))
    .reply(t.w(5, '16:00'), '已督促餐馆加装隔音罩。')
    .callbackFailed(t.w(4, '10:00'), 'no_answer')
    .callbackFailed(t.w(3, '15:00'), 'no_answer')
    .callbackFailed(t.w(2, '10:30'), 'wrong_number', '提示空号');
}

export function scenarios(d: Demo): void {
  callbacks(d);
  returns(d);
  extensionsAndSuspensions(d);
  redo(d);
  cards(d);
  others(d);
  // 会办 with a co-unit still to reply, and an order returned three times awaiting 指定 (demo-co-handling.ts).
  coHandlingAndDisputes(d);
  // 转派: a community's reply waiting for its street's review, and an order its street has still to sign.
  passedDown(d);
}
