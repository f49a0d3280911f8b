// Co-handling (会办: a lead unit 主办 with co-units 协办) and disputes about who is responsible (退单 disputes, 指定):
// refusals, timeline events and the pages' words (docs/rules/work-orders.md "Co-handling", "Disputes and designation").
import type { Entry } from './catalogue.ts';

export const coHandling = {
  // Refusals.
  'coHandling.coPending': {
    zh: '协办单位尚未答复（{units}），请先等待协办答复，或填写未等协办答复的原因',
    en: 'co-units have not replied yet ({units}): wait for them, or give the reason for replying without them',
  },
  'coHandling.notTheLead': { zh: '协办单位不能是主办单位', en: 'a co-unit cannot be the lead unit' },
  'coHandling.distinct': { zh: '协办单位不能重复', en: 'each co-unit once' },
  'coHandling.noSuchActive': { zh: '协办单位不存在或已停用', en: 'no such active co-unit' },
  'coHandling.dueAfterLead': {
    zh: '协办期限不能晚于主办期限',
    en: "a co-unit's deadline cannot be later than the lead's",
  },
  'ticket.needsDesignation': {
    zh: '该工单已退单 {returns} 次，须由督办人员指定承办单位',
    en: 'returned {returns} times: a supervisor designates the responsible unit',
  },
  'disputes.notDisputed': {
    zh: '该工单退单不足 {returns} 次，无需指定',
    en: 'fewer than {returns} approved returns: nothing to designate',
  },
  'disputes.designatedNoReturn': {
    zh: '指定承办单位不能再退单',
    en: 'a designated unit may not return the order',
  },
  // Names and timeline events.
  'action.designate': { zh: '指定承办', en: 'designate' },
  'event.designate': { zh: '指定承办单位', en: 'Responsible unit designated' },
  'event.co_reply': { zh: '协办答复', en: 'Co-unit replied' },
  'co.lead': { zh: '主办单位', en: 'Lead unit' },
  // Pages.
  'co.units': { zh: '协办单位', en: 'Co-units' },
  'co.add': { zh: '添加协办单位', en: 'Add a co-unit' },
  'co.remove': { zh: '移除', en: 'Remove' },
  'co.hint': {
    zh: '协办单位向主办单位答复，期限早于主办单位',
    en: 'Co-units reply to the lead unit, due before it',
  },
  'co.dueDays': { zh: '协办期限（工作日，可不填）', en: "Co-units' deadline (working days, optional)" },
  'co.progress': { zh: '协办进度', en: "Co-units' progress" },
  'co.pendingReason': {
    zh: '协办单位尚未全部答复，请填写未等协办答复的原因',
    en: 'Not every co-unit has replied: give the reason for replying without them',
  },
  'co.pendingReasonLabel': { zh: '未等协办答复的原因', en: 'Why reply without them' },
  'lv.status.closed': { zh: '未答复（工单已办结）', en: 'not replied (order closed)' },
  'co.late': { zh: '已超期', en: 'late' },
  'co.none': { zh: '无协办单位', en: 'No co-units' },
  'disputes.title': { zh: '待指定承办（退单争议）', en: 'Awaiting designation (disputed returns)' },
  'disputes.recent': { zh: '最近的指定', en: 'Recent designations' },
  'disputes.history': { zh: '退单记录', en: 'Returns' },
  'disputes.none': { zh: '没有待指定的工单', en: 'No orders awaiting designation' },
  'disputes.pickUnit': { zh: '请选择承办单位', en: 'Choose the unit' },
  'tab.disputes': { zh: '指定承办', en: 'Designation' },
  'disputes.unit': { zh: '指定承办单位', en: 'Designate the unit' },
  'disputes.note': { zh: '指定说明', en: 'Why this unit' },
  'disputes.designate': { zh: '指定', en: 'Designate' },
  'disputes.designated': { zh: '已指定', en: 'Designated' },
  'disputes.record': { zh: '退单争议', en: 'Disputed returns' },
  'disputes.awaiting': { zh: '待督办人员指定承办单位', en: 'Awaiting a supervisor’s designation' },
} satisfies Record<string, Entry>;
