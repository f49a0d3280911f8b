// The bulletin's monthly analysis (每月热点分析, docs/rules/hot-spots.md "Monthly analysis"): the words of its
// section on the bulletin page, its tables' headers and its summary sentences.
import type { Entry } from './catalogue.ts';

export const hotIssues = {
  'hot.heading': { zh: '五、热点分析', en: '5. Hot issues' },
  'hot.intro': {
    zh: '按诉求所在区域统计（社区的工单计入所属街道和区县），与对照期比较；数据来自热点监测任务按日汇总的受理量。',
    en:
      'orders counted by the area they concern (a community counts in its street and district) against the period ' +
      'compared with, from the daily counts of the hot-spot job.',
  },
  'hot.coverage': {
    zh: '注：热点监测任务统计覆盖本期 {counted}/{days} 天、对照期 {pcounted}/{pdays} 天，未统计的日期不计入（一）（二）两部分。',
    en:
      "note: the hot-spot job has counted {counted} of the period's {days} days and {pcounted} of the compared " +
      "period's {pdays}; days it has not counted are not in parts (1) and (2).",
  },
  'hot.areas': { zh: '（一）受理量居前的区域', en: '(1) Areas with the most orders' },
  'hot.pairs': { zh: '（二）热点诉求（区域 × 诉求类别）', en: '(2) Hot issues (area × category)' },
  'hot.level.district': { zh: '区县', en: 'Districts' },
  'hot.level.street': { zh: '街道乡镇', en: 'Streets and towns' },
  'hot.repeats': { zh: '（三）重复诉求', en: '(3) Repeat demands' },
  'hot.repeatsText': {
    zh: '本期被标记为重复诉求的工单 {total} 件（同一来电号码 {phone} 件，同一地点同一类别 {place} 件），已答复或办结 {handled} 件。',
    en:
      '{total} orders of the period were flagged as repeat demands ({phone} from the same caller number, {place} of ' +
      'the same place and category); {handled} of them are replied or closed.',
  },
  'hot.repeatPlaces': { zh: '重复诉求集中的区域和类别：', en: 'Where the repeat demands gather:' },
  'hot.surges': { zh: '（四）突增预警及处置情况', en: '(4) Surge warnings and what was done' },
  'hot.surgesText': {
    zh: '本期涉及突增预警 {total} 条，其中尚未办结 {open} 条。',
    en: '{total} surge warnings concern the period; {open} of them are still open.',
  },
  'hot.surgesMore': { zh: '（仅列出前 {n} 条）', en: '(the first {n} listed)' },
  'hot.col.area': { zh: '区域', en: 'Area' },
  'hot.col.category': { zh: '诉求类别', en: 'Category' },
  'hot.col.count': { zh: '受理量', en: 'Orders' },
  'hot.col.previous': { zh: '对照期', en: 'Compared' },
  'hot.col.change': { zh: '增减', en: 'Change' },
  'hot.col.repeats': { zh: '重复诉求', en: 'Repeats' },
  'hot.col.handled': { zh: '已答复/办结', en: 'Replied/closed' },
  'hot.col.days': { zh: '预警日期', en: 'Days' },
  'hot.col.surge': { zh: '预警量/基线', en: 'Count / baseline' },
  'hot.col.status': { zh: '状态', en: 'Status' },
  'hot.col.unit': { zh: '交办单位', en: 'Unit assigned' },
  'hot.col.resolution': { zh: '处置情况', en: 'What was done' },
  'hot.surgeCount': { zh: '{count} 件（日均 {baseline}）', en: '{count} (usual {baseline} a day)' },
  'hot.stillOpen': { zh: '尚未办结', en: 'still open' },
  'hot.noArea': { zh: '未定位', en: 'no area' },
  'hot.none': { zh: '本期无。', en: 'None in the period.' },
  'hot.status.open': { zh: '待处置', en: 'open' },
  'hot.status.acknowledged': { zh: '已确认', en: 'acknowledged' },
  'hot.status.assigned': { zh: '已交办', en: 'assigned' },
  'hot.status.closed': { zh: '已办结', en: 'closed' },
} satisfies Record<string, Entry>;
