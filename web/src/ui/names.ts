// The staff pages' own words, Chinese first. The names of the trade (statuses, types, channels, scores, figures,
// timeline events) are the shared catalogue's (server/i18n), which t() and named() read as well.
import { extend, t } from '../i18n.ts';

const zh: Record<string, string> = {
  'r.held': '待核实', 'r.heldTitle': '异常集中评价，督办人员核实前不计入统计',
  't.dueMoved': '办理时限 {from} → {to}', 't.signMoved': '签收时限 {from} → {to}', 't.unconfirmed': '（含未公布的节假日，可能调整）', 't.unconfirmedWhy': '该时限跨入尚未公布节假日安排的年份，管理员录入后将重新计算',
  'system': '系统',
  'ui.empty': '暂无记录', 'ui.pages': '翻页', 'ui.pageOf': '第 {page}/{pages} 页，共 {total} 条', 'ui.prev': '上一页', 'ui.next': '下一页',
  'ui.cancel': '取消', 'ui.save': '保存', 'ui.close': '关闭', 'ui.refresh': '刷新', 'ui.loading': '加载中…', 'ui.search': '搜索',
  'ui.yes': '是', 'ui.no': '否', 'ui.done': '操作成功', 'ui.signout': '退出', 'ui.home': '返回首页', 'ui.back': '返回',
  'ui.order': '工单', 'ui.searchOrders': '工单编号、电话、标题或地址', 'ui.forbidden': '当前账号无权使用此页面。', 'ui.pick': '请选择一项查看详情', 'ui.all': '全部',
  't.number': '工单编号', 't.title': '标题', 't.type': '类型', 't.urgency': '紧急程度', 't.channel': '渠道', 't.category': '分类',
  't.department': '承办部门', 't.caller': '来电人', 't.phone': '电话', 't.address': '地址', 't.sign_deadline': '签收时限',
  't.due': '办理时限', 't.created': '登记时间', 't.updated': '更新时间', 't.status': '状态', 't.card': '预警',
  't.description': '诉求内容', 't.resolution': '办理结果', 't.requests': '申请', 't.timeline': '办理记录',
  't.confidential': '保密', 't.confidentialNote': '保密工单，来电人信息不向承办单位显示', 't.hidden': '（保密）', 't.days': '天数',
  'r.ratedAt': '评价时间', 'r.score': '评价', 'r.channel': '评价渠道', 'r.where': '窗口/人员', 'r.comment': '留言', 'r.appeal': '申诉理由',
  'r.voided': '已作废', 'r.decisionNote': '审核意见',
  't.reason': '理由', 't.replied': '答复时间', 't.reopened': '重办次数', 't.mergedInto': '已并入工单',
  't.supervised': '督办',
};

const en: Record<string, string> = {
  'r.held': 'Held', 'r.heldTitle': 'Part of a burst: counted nowhere until a supervisor checks it',
  't.dueMoved': 'reply due {from} → {to}', 't.signMoved': 'sign-for {from} → {to}', 't.unconfirmed': '(counts unpublished holidays; may move)', 't.unconfirmedWhy': 'It reaches into a year whose holidays are not published yet; it is recomputed once an administrator enters them',
  'system': 'System',
  'ui.empty': 'Nothing here', 'ui.pages': 'Pages', 'ui.pageOf': 'Page {page} of {pages}, {total} in all', 'ui.prev': 'Previous', 'ui.next': 'Next',
  'ui.cancel': 'Cancel', 'ui.save': 'Save', 'ui.close': 'Close', 'ui.refresh': 'Refresh', 'ui.loading': 'Loading…', 'ui.search': 'Search',
  'ui.yes': 'Yes', 'ui.no': 'No', 'ui.done': 'Done', 'ui.signout': 'Sign out', 'ui.home': 'Home', 'ui.back': 'Back',
  'ui.order': 'Order', 'ui.searchOrders': 'Number, phone, title or address', 'ui.forbidden': 'This account may not use this page.', 'ui.pick': 'Pick a row to see it here', 'ui.all': 'All',
  't.number': 'Number', 't.title': 'Title', 't.type': 'Type', 't.urgency': 'Urgency', 't.channel': 'Channel', 't.category': 'Category',
  't.department': 'Department', 't.caller': 'Caller', 't.phone': 'Phone', 't.address': 'Address', 't.sign_deadline': 'Sign by',
  't.due': 'Reply by', 't.created': 'Logged', 't.updated': 'Updated', 't.status': 'Status', 't.card': 'Card',
  't.description': 'Request', 't.resolution': 'Resolution', 't.requests': 'Requests', 't.timeline': 'Timeline',
  't.confidential': 'Confidential', 't.confidentialNote': 'Confidential: the caller is not shown to departments', 't.hidden': '(confidential)', 't.days': 'Days',
  'r.ratedAt': 'Rated', 'r.score': 'Rating', 'r.channel': 'Channel', 'r.where': 'Window / staff', 'r.comment': 'Comment', 'r.appeal': 'Appeal',
  'r.voided': 'Void', 'r.decisionNote': 'Decision',
  't.reason': 'Reason', 't.replied': 'Replied', 't.reopened': 'Reopened', 't.mergedInto': 'Merged into',
  't.supervised': 'Supervised',
};

extend({ zh, en });

/** A name from the vocabulary, or the raw value when there is none (a new status shows up rather than vanishing). */
export const named = (prefix: string, value: string | number | null | undefined): string => {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
};

export const TYPES = ['inquiry', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export const FIGURES = ['received', 'sign_timely_rate', 'completion_rate', 'on_time_rate', 'satisfaction_rate',
  'rectification_rate', 'return_rate', 'redo_rate'] as const;
