// The words of the work-order trade (statuses, types, actions, figures) for every staff page, Chinese first.
import { extend, t } from '../i18n.ts';

const zh: Record<string, string> = {
  'status.received': '已受理', 'status.dispatched': '待签收', 'status.accepted': '办理中', 'status.suspended': '已挂起',
  'status.replied': '已答复', 'status.closed': '已办结', 'status.merged': '已并单',
  'type.inquiry': '咨询', 'type.help': '求助', 'type.complaint': '投诉', 'type.report': '举报', 'type.suggestion': '建议',
  'type.praise': '表扬', 'type.rectification': '差评整改',
  'urgency.normal': '一般', 'urgency.urgent': '紧急',
  'channel.phone': '电话', 'channel.web': '网站', 'channel.wechat': '微信', 'channel.upstream': '上级转办', 'channel.review': '差评转办',
  'card.none': '正常', 'card.yellow': '临期', 'card.red': '超期',
  'kind.return': '退单', 'kind.extension': '延期', 'kind.suspension': '挂起',
  'rstatus.pending': '待审批', 'rstatus.approved': '已同意', 'rstatus.rejected': '已驳回', 'rstatus.cancelled': '已撤销',
  'appeal.pending': '申诉待审', 'appeal.upheld': '申诉成立', 'appeal.rejected': '申诉驳回',
  'score.1': '非常不满意', 'score.2': '不满意', 'score.3': '基本满意', 'score.4': '满意', 'score.5': '非常满意',
  'rchannel.device': '窗口评价器', 'rchannel.qr': '扫码评价', 'rchannel.callback': '电话回访', 'rchannel.web': '网上评价',
  'event.recall': '撤回派单', 'event.create': '登记工单', 'event.dispatch': '派单', 'event.sign': '签收', 'event.reply': '答复', 'event.callback': '回访',
  'event.reopen': '回访不满意，重办', 'event.answer': '直接答复', 'event.merge': '并单', 'event.merged_in': '他单并入',
  'event.supervise': '督办', 'event.resume': '恢复办理', 'event.rated': '收到评价', 'event.auto_close': '逾期未评价，自动办结',
  'event.return_requested': '申请退单', 'event.extension_requested': '申请延期', 'event.suspension_requested': '申请挂起',
  'event.return_approved': '同意退单', 'event.return_rejected': '驳回退单', 'event.extension_approved': '同意延期',
  'event.extension_rejected': '驳回延期', 'event.suspension_approved': '同意挂起', 'event.suspension_rejected': '驳回挂起',
  'event.rating_appeal': '差评申诉', 'event.rating_appeal_decision': '申诉审核', 'event.yellow_card': '黄牌预警',
  'event.rectification_withdrawn': '评价作废，整改工单由系统办结',
  'r.held': '待核实', 'r.heldTitle': '异常集中评价，督办人员核实前不计入统计',
  'event.red_card': '红牌超期', 'event.escalate_head': '超期上报负责人', 'event.escalation': '预警',
  'event.deadline_recomputed': '按新录入的节假日安排重算时限', 't.dueMoved': '办理时限 {from} → {to}', 't.signMoved': '签收时限 {from} → {to}', 't.unconfirmed': '（含未公布的节假日，可能调整）', 't.unconfirmedWhy': '该时限跨入尚未公布节假日安排的年份，管理员录入后将重新计算',
  'figure.received': '受理量', 'figure.sign_timely_rate': '及时签收率', 'figure.completion_rate': '办结率',
  'figure.on_time_rate': '按时办结率', 'figure.satisfaction_rate': '满意率', 'figure.rectification_rate': '差评整改率',
  'figure.return_rate': '退单率', 'figure.redo_rate': '重办率',
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
  'event.callback_failed': '回访未成功', 'event.callback_unreachable': '多次回访联系不上，办结',
  'cbfail.no_answer': '无人接听', 'cbfail.wrong_number': '空号/号码错误', 'cbfail.busy': '占线',
  'solved.yes': '已解决', 'solved.partly': '部分解决', 'solved.no': '未解决',  'event.contact': '已联系来电人', 't.supervised': '督办',
};

const en: Record<string, string> = {
  'status.received': 'Received', 'status.dispatched': 'To sign', 'status.accepted': 'In progress', 'status.suspended': 'Suspended',
  'status.replied': 'Replied', 'status.closed': 'Closed', 'status.merged': 'Merged',
  'type.inquiry': 'Inquiry', 'type.help': 'Help', 'type.complaint': 'Complaint', 'type.report': 'Report', 'type.suggestion': 'Suggestion',
  'type.praise': 'Praise', 'type.rectification': 'Rectification',
  'urgency.normal': 'Normal', 'urgency.urgent': 'Urgent',
  'channel.phone': 'Phone', 'channel.web': 'Web', 'channel.wechat': 'WeChat', 'channel.upstream': 'Upstream', 'channel.review': 'Bad review',
  'card.none': 'On time', 'card.yellow': 'Due soon', 'card.red': 'Overdue',
  'kind.return': 'Return', 'kind.extension': 'Extension', 'kind.suspension': 'Suspension',
  'rstatus.pending': 'Pending', 'rstatus.approved': 'Approved', 'rstatus.rejected': 'Rejected', 'rstatus.cancelled': 'Cancelled',
  'appeal.pending': 'Appeal pending', 'appeal.upheld': 'Appeal upheld', 'appeal.rejected': 'Appeal rejected',
  'score.1': 'Very dissatisfied', 'score.2': 'Dissatisfied', 'score.3': 'Acceptable', 'score.4': 'Satisfied', 'score.5': 'Very satisfied',
  'rchannel.device': 'Window device', 'rchannel.qr': 'QR code', 'rchannel.callback': 'Callback', 'rchannel.web': 'Web',
  'event.recall': 'Dispatch recalled', 'event.create': 'Logged', 'event.dispatch': 'Dispatched', 'event.sign': 'Signed', 'event.reply': 'Replied', 'event.callback': 'Called back',
  'event.reopen': 'Reopened after callback', 'event.answer': 'Answered directly', 'event.merge': 'Merged', 'event.merged_in': 'Another order merged in',
  'event.supervise': 'Supervision order', 'event.resume': 'Resumed', 'event.rated': 'Rated', 'event.auto_close': 'Closed, not rated in time',
  'event.return_requested': 'Return requested', 'event.extension_requested': 'Extension requested', 'event.suspension_requested': 'Suspension requested',
  'event.return_approved': 'Return approved', 'event.return_rejected': 'Return rejected', 'event.extension_approved': 'Extension approved',
  'event.extension_rejected': 'Extension rejected', 'event.suspension_approved': 'Suspension approved', 'event.suspension_rejected': 'Suspension rejected',
  'event.rating_appeal': 'Review appealed', 'event.rating_appeal_decision': 'Appeal decided', 'event.yellow_card': 'Yellow card',
  'event.rectification_withdrawn': 'Review voided: order closed by the system',
  'r.held': 'Held', 'r.heldTitle': 'Part of a burst: counted nowhere until a supervisor checks it',
  'event.red_card': 'Red card', 'event.escalate_head': 'Escalated to the head', 'event.escalation': 'Escalation',
  'event.deadline_recomputed': 'Deadlines recomputed on the entered holiday schedule', 't.dueMoved': 'reply due {from} → {to}', 't.signMoved': 'sign-for {from} → {to}', 't.unconfirmed': '(counts unpublished holidays; may move)', 't.unconfirmedWhy': 'It reaches into a year whose holidays are not published yet; it is recomputed once an administrator enters them',
  'figure.received': 'Received', 'figure.sign_timely_rate': 'Signed on time', 'figure.completion_rate': 'Completion',
  'figure.on_time_rate': 'On-time completion', 'figure.satisfaction_rate': 'Satisfaction', 'figure.rectification_rate': 'Rectification',
  'figure.return_rate': 'Return rate', 'figure.redo_rate': 'Redo rate',
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
  'event.callback_failed': 'Callback not reached', 'event.callback_unreachable': 'Closed: resident unreachable',
  'cbfail.no_answer': 'No answer', 'cbfail.wrong_number': 'Wrong or empty number', 'cbfail.busy': 'Busy',
  'solved.yes': 'Solved', 'solved.partly': 'Partly solved', 'solved.no': 'Not solved',  'event.contact': 'Resident contacted', 't.supervised': 'Supervised',
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
