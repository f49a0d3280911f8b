// 不合理诉求 (docs/rules/work-orders.md "Unreasonable demands"): the kinds a handler names (config
// unreasonable.kinds; a configured code without an entry here shows as itself), refusals, and the pages' words.
import type { Entry } from './catalogue.ts';

export const unreasonable = {
  'kind.unreasonable': { zh: '不合理诉求', en: 'Unreasonable demand' },
  'unreasonable.kind.illegal': { zh: '违反法律法规或政策规定', en: 'Against the law, regulations or policy' },
  'unreasonable.kind.adjudicated': {
    zh: '已经司法、仲裁、行政复议等程序处理终结',
    en: 'Settled by a court, arbitration or administrative review',
  },
  'unreasonable.kind.repeated': { zh: '重复诉求且无新事实理由', en: 'Repeated with no new facts or reasons' },
  'unreasonable.kind.beyond_standard': {
    zh: '超出政策标准或明显过高',
    en: 'Beyond the policy standard or clearly excessive',
  },
  'unreasonable.kind.civil_dispute': {
    zh: '应通过诉讼等途径解决的民事纠纷',
    en: 'A civil dispute for the courts or other channels',
  },
  'unreasonable.kind.false_report': { zh: '虚构事实或恶意诉求', en: 'Made-up facts or a malicious demand' },
  'unreasonable.kind.out_of_scope': { zh: '非政府职能范围', en: 'Outside the government’s remit' },
  'unreasonable.kind.no_conditions': {
    zh: '暂不具备解决条件的历史遗留问题',
    en: 'A legacy problem that cannot be solved for now',
  },
  'event.unreasonable_requested': { zh: '申请认定不合理诉求', en: 'Unreasonable demand applied for' },
  'event.unreasonable_approved': { zh: '认定为不合理诉求', en: 'Judged an unreasonable demand' },
  'event.unreasonable_rejected': { zh: '驳回不合理诉求申请', en: 'Unreasonable demand rejected' },
  'action.unreasonable': { zh: '申请不合理诉求', en: 'unreasonable' },
  'action.decide_unreasonable': { zh: '不合理诉求审核', en: 'decide_unreasonable' },
  'unreasonable.kindValues': { zh: '请选择配置的诉求类型', en: 'one of the configured kinds' },
  'unreasonable.alreadyJudged': { zh: '该工单已认定为不合理诉求', en: 'the order was already judged unreasonable' },
  'unreasonable.closedWindowPassed': {
    zh: '工单办结已超过 {days} 天，不能再申请不合理诉求',
    en: 'the order closed more than {days} days ago',
  },
  'unreasonable.assignmentEnded': {
    zh: '该申请的承办记录已退单或撤回，不能认定',
    en: 'the assignment applied for was returned or recalled',
  },
  // Pages: the ticket's form and state, the supervisor's queue and the report.
  'unreasonable.apply': { zh: '申请不合理诉求', en: 'Apply: unreasonable demand' },
  'unreasonable.kind': { zh: '诉求类型', en: 'Kind' },
  'unreasonable.reason': { zh: '申请理由', en: 'Reason' },
  'unreasonable.submit': { zh: '提交申请', en: 'Submit' },
  'unreasonable.state.pending': { zh: '不合理诉求申请中', en: 'Unreasonable demand: applied' },
  'unreasonable.state.approved': { zh: '已认定不合理诉求', en: 'Judged an unreasonable demand' },
  'unreasonable.state.rejected': { zh: '不合理诉求申请已驳回', en: 'Unreasonable demand: rejected' },
  'unreasonable.reportTitle': {
    zh: '不合理诉求（已认定，不计入考核）',
    en: 'Unreasonable demands (judged, out of the figures)',
  },
  'unreasonable.none': { zh: '本月无认定的不合理诉求', en: 'No unreasonable demands judged this month' },
  'unreasonable.number': { zh: '工单编号', en: 'Number' },
  'unreasonable.title': { zh: '标题', en: 'Title' },
  'unreasonable.unit': { zh: '承办单位', en: 'Unit' },
  'unreasonable.decidedBy': { zh: '认定人', en: 'Decided by' },
  'unreasonable.decidedAt': { zh: '认定时间', en: 'Decided at' },
  'figure.unreasonable': { zh: '不合理诉求', en: 'Unreasonable demands' },
} satisfies Record<string, Entry>;
