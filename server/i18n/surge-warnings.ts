// The warnings' life (预警处置, docs/rules/hot-spots.md "Warnings' life"): the refusals of acknowledging, assigning
// and closing a surge warning, the mail to the unit it is assigned to, and the words of the supervisor's tab and the
// dashboard's panel.
import type { Entry } from './catalogue.ts';

export const surgeWarnings = {
  'thing.surgeWarning': { zh: '热点预警', en: 'surge warning' },
  'surge.status.open': { zh: '待处置', en: 'open' },
  'surge.status.acknowledged': { zh: '已确认', en: 'acknowledged' },
  'surge.status.assigned': { zh: '已交办', en: 'assigned' },
  'surge.status.closed': { zh: '已办结', en: 'closed' },
  'surge.status.active': { zh: '未办结', en: 'not closed' },
  'surge.action.acknowledge': { zh: '确认', en: 'acknowledge' },
  'surge.action.assign': { zh: '交办', en: 'assign' },
  'surge.action.close': { zh: '办结', en: 'close' },
  'surge.badTransition': {
    zh: '预警状态为“{from@surge.status}”，不能{action@surge.action}',
    en: 'cannot {action@surge.action} a warning that is {from@surge.status}',
  },
  'surge.versionConflict': {
    zh: '该预警已被他人处理，请刷新后重试',
    en: 'the warning was changed by someone else, reload and retry',
  },
  'surge.noSuchUnit': { zh: '交办单位不存在或已停用', en: 'no such active unit to assign to' },
  'surge.mail.subject': {
    zh: '【热点预警交办】{area}：{category}诉求激增',
    en: '[Surge warning assigned] {area}: a surge of {category} demands',
  },
  'surge.mail.body': {
    zh:
      '{unit}：\n{area}的“{category}”类诉求自{first_day}起明显增多（{first_day}至{last_day}共{count}件，' +
      '日常约每日{baseline}件），现交办贵单位，请排查共性问题、从根本上解决。\n交办意见：{note}',
    en:
      'To {unit}:\n{category} demands in {area} rose sharply from {first_day} ({count} from {first_day} to ' +
      '{last_day}, against about {baseline} a day usually). The warning is assigned to your unit: please find ' +
      'the common cause and settle it.\nNote: {note}',
  },
  'tab.surges': { zh: '热点预警', en: 'Surge warnings' },
  'surge.anyStatus': { zh: '未办结', en: 'Not closed' },
  'surge.allStatuses': { zh: '全部状态', en: 'All statuses' },
  'surge.none': { zh: '没有符合条件的热点预警', en: 'no surge warnings match' },
  'surge.hint': {
    zh: '某区域某类诉求超出其日常水平时生成预警；确认后交办责任单位，处置完毕填写办结情况。',
    en:
      'A warning is raised when one kind of demand in an area rises above its usual level: acknowledge it, ' +
      'assign it to the unit responsible and close it with what was done.',
  },
  'surge.col.area': { zh: '区域', en: 'Area' },
  'surge.col.category': { zh: '诉求类别', en: 'Category' },
  'surge.col.days': { zh: '日期', en: 'Days' },
  'surge.col.count': { zh: '件数', en: 'Orders' },
  'surge.col.baseline': { zh: '日常水平', en: 'Usual per day' },
  'surge.col.status': { zh: '状态', en: 'Status' },
  'surge.col.unit': { zh: '交办单位', en: 'Assigned to' },
  'surge.detail': { zh: '预警详情', en: 'Warning' },
  'surge.pick': { zh: '点击一条预警查看详情和相关工单', en: 'choose a warning to see it and its orders' },
  'surge.figures': {
    zh: '{first_day} 至 {last_day} 共 {count} 件，单日最多 {peak} 件；日常约每日 {baseline} 件，预警线 {limit} 件',
    en:
      '{count} orders from {first_day} to {last_day}, at most {peak} a day; usually about {baseline} a day, ' +
      'limit {limit}',
  },
  'surge.step.raised': { zh: '生成预警', en: 'raised' },
  'surge.step.acknowledged': { zh: '{name} 确认', en: 'acknowledged by {name}' },
  'surge.step.assigned': { zh: '{name} 交办', en: 'assigned by {name}' },
  'surge.step.closed': { zh: '{name} 办结', en: 'closed by {name}' },
  'surge.assignNote': { zh: '交办意见', en: 'Note to the unit' },
  'surge.resolution': { zh: '办结情况', en: 'What was done' },
  'surge.unit': { zh: '交办单位', en: 'Unit' },
  'surge.pickUnit': { zh: '请选择单位', en: 'choose a unit' },
  'surge.orders': { zh: '相关工单（{n}）', en: 'Orders ({n})' },
  'surge.noOrders': { zh: '没有相关工单', en: 'no orders' },
  'surge.done.acknowledge': { zh: '已确认该预警', en: 'the warning is acknowledged' },
  'surge.done.assign': { zh: '已交办 {unit}', en: 'assigned to {unit}' },
  'surge.done.close': { zh: '预警已办结', en: 'the warning is closed' },
  'dash.surges': { zh: '热点预警', en: 'Surge warnings' },
  'dash.surges.open': { zh: '未办结 {n} 条', en: '{n} not closed' },
  'dash.surges.line': { zh: '{count} 件（日常 {baseline}）', en: '{count} (usually {baseline})' },
  'dash.surges.since': { zh: '{day} 起', en: 'since {day}' },
  'dash.surges.none': { zh: '暂无热点预警', en: 'no surge warnings' },
} satisfies Record<string, Entry>;
