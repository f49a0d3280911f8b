// Generated knowledge articles for the search benchmark: government-service phrases, so common words (办理,
// 身份证) recur across thousands of articles the way they do in a real hotline's knowledge base.
const TOPICS = [
  '住房公积金',
  '社会保障卡',
  '医疗保险',
  '养老保险',
  '失业保险',
  '居住证',
  '户口迁移',
  '出入境证件',
  '不动产登记',
  '营业执照',
  '个人所得税',
  '机动车驾驶证',
  '交通违法处理',
  '新生儿落户',
  '婚姻登记',
  '残疾人补贴',
  '最低生活保障',
  '义务教育入学',
  '公租房申请',
  '燃气报修',
  '供水停水',
  '供暖收费',
  '噪音扰民',
  '物业纠纷',
  '拖欠工资',
  '劳动合同',
  '职业资格证书',
  '人才引进',
  '企业开办',
  '食品安全投诉',
  '消费维权',
  '医保异地就医',
  '生育津贴',
  '工伤认定',
  '退役军人优待',
  '老年人优待证',
  '垃圾分类',
  '停车收费',
  '共享单车',
  'ETC 通行费',
  '公交线路',
  '地铁运营',
  '网约车投诉',
  '违章建筑',
  '占道经营',
  '城市绿化',
  '路灯报修',
  '学区划分',
  '疫苗接种',
];
const ACTIONS = [
  '提取条件',
  '办理流程',
  '申请条件',
  '所需材料',
  '办理时限',
  '收费标准',
  '常见问题',
  '线上办理',
  '窗口地址',
  '政策解读',
  '补办方法',
];
const PHRASES = [
  '申请人须携带本人身份证原件',
  '可通过政务服务网站在线办理',
  '也可到就近的政务服务中心窗口办理',
  '办理时限为五个工作日',
  '不收取任何费用',
  '如材料齐全当场办结',
  '委托他人办理的须提供授权委托书',
  '工作日上午九点至下午五点受理',
  '节假日不对外办公',
  '详情请咨询办理机构',
  '市民可拨打12345热线反映',
  '相关部门将在规定时限内答复',
  '符合条件的可以申请',
  '须提供近三个月的证明材料',
  '办理结果将以短信方式告知',
  '逾期未办理的视为自动放弃',
  '本政策自发布之日起施行',
  '原有规定同时废止',
  '由属地街道办事处负责',
  '请保持联系电话畅通',
  '外地户籍人员同样适用',
  '具体以最新公布的文件为准',
  '审核通过后即可领取',
  '可通过手机应用查询进度',
];
const FILLER =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本' +
  '去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总' +
  '次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权' +
  '收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连' +
  '断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

/** A small deterministic generator, so every run searches the same 10,000 articles. */
export class Rng {
  constructor(private s: number) {}
  /** mulberry32 */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

export function article(rng: Rng, i: number) {
  const topic = rng.pick(TOPICS);
  const other = rng.pick(TOPICS);
  const title = `${topic}${rng.pick(ACTIONS)}（${i}）`;
  const parts: string[] = [`关于${topic}的${rng.pick(ACTIONS)}说明。`];
  const target = 300 + rng.int(500);
  while (parts.join('').length < target) {
    const roll = rng.int(10);
    if (roll < 5) parts.push(`${rng.pick(PHRASES)}。`);
    else if (roll < 7) parts.push(`涉及${rng.int(3) ? topic : other}的事项，${rng.pick(PHRASES)}；`);
    else parts.push(`${Array.from({ length: 8 + rng.int(20) }, () => rng.pick([...FILLER])).join('')}，`);
  }
  return { title, body: parts.join(''), keywords: [topic, rng.pick(ACTIONS)], topic };
}
