// The intake side of the demo data set: a knowledge base the operators answer from, and four weeks of calls up to
// the moment of loading (answered and missed, some callers calling again), so the connection rate, the dashboard's
// call figures and the callback queue show a live hotline. Calls go through the services like the CTI's would.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { fromDbTime } from '../lib/db.ts';
import { AppError } from '../lib/errors.ts';
import { localDate } from '../lib/calendar.ts';
import { SYSTEM } from '../domain/users/actor.ts';
import { DEPARTMENTS, type Cast } from './demo-catalogue.ts';
import { at, Rng, type DemoTime } from './demo-time.ts';

// `department`: the department that maintains the article (its handlers edit it on /knowledge); else the one its
// category goes to. Every department has at least one, so each handler finds their own on the page.
const ARTICLES: Array<{ title: string; category?: string; department?: string; keywords: string[]; body: string }> = [
  {
    title: '住房公积金提取条件与办理流程',
    category: '公积金提取',
    keywords: ['公积金', '提取', '租房'],
    body:
      '职工购买、建造、翻建、大修自住住房，偿还购房贷款本息，租住商品住房，以及离休、退休等情形，可以申请提取住房公积金。租房提取每季度可办理一次，携带身份证即可在公积金中心网站、手机应用或各管理部窗口办理，' +
      '材料齐全的当场办结。',
  },
  {
    title: '社会保障卡丢失补办',
    department: 'rsj',
    keywords: ['社保卡', '补办', '挂失'],
    body: '社会保障卡丢失后，请先拨打 12333 或通过手机应用办理临时挂失，再携带本人身份证到任一社保卡合作银行网点申请补办。补办工本费 20 元，一般 10 个工作日内制卡完成，可选择邮寄到家。',
  },
  {
    title: '居住证首次申领',
    keywords: ['居住证', '暂住'],
    body: '在本市居住满半年，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，可以申领居住证。申请人携带身份证、近期照片及相应证明材料到居住地派出所或社区服务站办理，办理时限为 15 个工作日。',
  },
  {
    title: '新生儿落户办理',
    keywords: ['落户', '新生儿', '出生医学证明'],
    body: '新生儿出生后一个月内，由父母一方持出生医学证明、父母双方户口簿、身份证和结婚证到父亲或母亲户口所在地派出所办理出生登记。也可通过政务服务网“出生一件事”在线联办。',
  },
  {
    title: '医保异地就医备案',
    keywords: ['医保', '异地就医', '备案'],
    body: '长期在外地居住或工作的参保人员，可通过国家医保服务平台应用或当地医保经办机构办理异地就医备案。备案后在就医地定点医疗机构就医可直接结算，临时外出就医人员也可先备案后就医。',
  },
  {
    title: '不动产登记所需材料',
    department: 'zjw',
    keywords: ['不动产', '房产证', '过户'],
    body: '办理不动产转移登记需提供申请书、双方身份证明、不动产权证书、买卖合同及完税凭证。可在政务服务中心不动产登记窗口“一窗受理”，税费与登记同步办理，一般 5 个工作日内办结。',
  },
  {
    title: '个体工商户营业执照办理',
    department: 'scjgj',
    keywords: ['营业执照', '个体户', '开办'],
    body: '申请个体工商户登记，经营者可通过“企业开办一网通办”平台在线提交申请，上传身份证及经营场所证明。材料齐全、符合法定形式的，当场或 1 个工作日内核发营业执照，电子营业执照同步发放。',
  },
  {
    title: '燃气泄漏和故障报修',
    category: '燃气安全',
    department: 'cgw',
    keywords: ['燃气', '报修', '漏气'],
    body: '发现燃气泄漏，请立即关闭燃气总阀、打开门窗通风，严禁开关电器和使用明火，到室外拨打燃气公司 24 小时抢修电话。燃气表、管线故障也可拨打抢修电话报修，抢修人员 30 分钟内到达现场。',
  },
  {
    title: '供暖期与室温标准',
    category: '供暖问题',
    keywords: ['供暖', '暖气不热', '室温'],
    body: '本市法定供暖期为每年 11 月 15 日至次年 3 月 15 日，供暖期间居室温度不应低于 18 摄氏度。室温不达标的，可先联系供热单位报修；供热单位未在规定时限内处理的，可拨打 12345 反映。',
  },
  {
    title: '夜间施工噪音投诉',
    category: '噪声扰民',
    department: 'sthjj',
    keywords: ['噪音', '施工', '夜间'],
    body: '晚 22 时至次日 6 时，除抢修、抢险作业和因生产工艺要求必须连续作业并取得夜间施工许可的以外，禁止进行产生环境噪声污染的建筑施工作业。市民反映夜间施工噪音的，热线将转交属地城管执法部门核查处理。',
  },
  {
    title: '居民小区停车收费标准',
    department: 'jtw',
    keywords: ['停车', '收费', '物业'],
    body: '住宅小区内停车收费实行政府指导价或市场调节价，由物业服务企业与业主协商确定并公示。对收费有异议的，可向属地街道或住房城乡建设部门反映。',
  },
  {
    title: '个人所得税专项附加扣除填报',
    keywords: ['个税', '专项附加扣除', '税'],
    body: '纳税人可通过个人所得税手机应用填报子女教育、继续教育、住房贷款利息或住房租金、赡养老人等专项附加扣除信息，可选择由扣缴义务人在预扣预缴时扣除，也可在年度汇算时办理。',
  },
  ...(
    [
      ['dongcheng', '东城区', '东城区政务服务中心', '东城区朝阳门北大街'],
      ['xicheng', '西城区', '西城区政务服务中心', '西城区南礼士路'],
      ['chaoyang', '朝阳区', '朝阳区政务服务中心', '朝阳区工人体育场北路'],
      ['haidian', '海淀区', '海淀区政务服务中心', '海淀区四季青路'],
      ['fengtai', '丰台区', '丰台区政务服务中心', '丰台区西四环南路'],
      ['tongzhou', '通州区', '通州区政务服务中心', '通州区新华西街'],
    ] as const
  ).map(([department, district, hall, street]) => ({
    title: `${hall}地址和办公时间`,
    department,
    keywords: [district, '政务服务中心', '办公时间'],
    body: `${hall}位于${street}，工作日上午 9:00 至 12:00、下午 13:30 至 17:00 对外办公，周六上午提供部分事项延时服务。可通过“${district}政务服务”公众号预约取号。`,
  })),
  // The streets and communities of the city's tree keep their service stations' hours.
  ...DEPARTMENTS.filter((d) => d.kind === 'street' || d.kind === 'community').map((d) => ({
    title: `${d.name}${d.kind === 'street' ? '便民服务中心' : '服务站'}办公时间`,
    department: d.key,
    keywords: [d.name, '便民服务', '办公时间'],
    body: `${d.name}${d.kind === 'street' ? '便民服务中心' : '服务站'}工作日 8:30 至 17:30 对外办公，可办理居住证明、老年证、就业登记等事项，也可向网格员反映身边的问题。`,
  })),
  {
    title: '停水通知与供水报修',
    department: 'water',
    keywords: ['停水', '自来水', '水压', '报修'],
    body: '计划停水提前 24 小时在小区公告栏和供水服务网站公布。家中突然停水或水压低的，可先询问邻居是否同样停水，再拨打市自来水集团 24 小时服务热线报修，抢修人员按承诺时限到场。',
  },
];

const PHONES = 400;

export async function loadIntake(s: Services, cast: Cast, t: DemoTime, now: Date): Promise<void> {
  const rng = new Rng(4);
  clock.set(at(t.days[0], '08:00'));
  for (const a of ARTICLES) {
    await s.knowledge.create(cast.supervisor, {
      title: a.title,
      body: a.body,
      keywords: a.keywords,
      category_id: a.category ? (cast.categories[a.category]?.id ?? null) : null,
      ...(a.department ? { department_id: cast.departments[a.department].id } : {}),
    });
  }
  const { id: ctiKeyId } = await s.ctiKeys.issue(SYSTEM, '呼叫中心 CTI（演示）');
  // A pool of callers small enough that some call again, and some miss more than once.
  const phone = () => `139${String(10_000_000 + rng.int(0, PHONES - 1) * 197_531).slice(-8)}`;
  for (const day of [...t.days, t.today]) {
    const workday = t.cal.isWorkday(day);
    const moments = Array.from(
      { length: workday ? rng.int(30, 45) : rng.int(10, 18) },
      () => at(day, '08:00').getTime() + rng.int(0, 12 * 60) * 60_000,
    )
      .filter((m) => m < now.getTime())
      .sort((a, b) => a - b);
    for (const m of moments) {
      const answered = rng.chance(0.83);
      const caller = phone();
      clock.set(new Date(m + 10 * 60_000));
      const { call } = await s.calls.record(
        { ctiKeyId },
        {
          caller_phone: caller,
          started_at: new Date(m).toISOString(),
          answered,
          external_id: `demo-${m}-${caller}`,
          wait_s: answered
            ? rng.weighted([
                [rng.int(2, 15), 8],
                [rng.int(16, 60), 2],
              ])
            : rng.int(20, 90),
          talk_s: answered ? rng.int(60, 600) : 0,
          operator_id: answered ? rng.pick(cast.operators).id : null,
        },
      );
      // Operators call back most misses within the hour; today's latest still wait in the queue.
      if (call.callback_id && !answered && rng.chance(0.85) && m + 3600_000 < now.getTime() - 2 * 3600_000) {
        clock.set(new Date(m + rng.int(10, 60) * 60_000));
        const note = rng.pick(['已回拨，居民咨询已解答', '已回拨，已登记工单', '回拨未接通，已发短信告知']);
        // A repeated miss joined a callback that may already be done: nothing more to do then.
        await s.callbacks.done(rng.pick(cast.operators), call.callback_id, { note }).catch((err) => {
          if (!(err instanceof AppError && err.status === 409)) throw err;
        });
      }
    }
  }
  // A resident who got no answer 25 minutes ago: in the queue, still within the time to call back.
  clock.set(new Date(now.getTime() - 24 * 60_000));
  await s.calls.record(
    { ctiKeyId },
    {
      caller_phone: '13911230999',
      started_at: new Date(now.getTime() - 25 * 60_000).toISOString(),
      answered: false,
      external_id: 'demo-recent-missed',
      wait_s: 52,
      talk_s: 0,
      operator_id: null,
    },
  );
  // The oldest callback still open was tried once and not answered (回拨未接通): it stays in the queue with the attempt.
  const open = await s.db('missed_call_callbacks').where({ status: 'open' }).orderBy('first_missed_at').first();
  if (open) {
    const tried = new Date(Math.min(now.getTime() - 60_000, fromDbTime(open.first_missed_at)!.getTime() + 40 * 60_000));
    clock.set(tried);
    await s.callbacks.attempt(cast.operators[0], open.id, { reason: 'no_answer', note: '响铃无人接听，稍后再拨' });
  }
  s.logger.debug({ day: localDate(now) }, 'demo calls written');
}
