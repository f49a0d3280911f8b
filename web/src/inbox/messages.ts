import { extend } from '../i18n.ts';

extend({
  zh: {
    'i.title': '部门工单', 'tab.sign': '待签收', 'tab.handle': '办理中', 'tab.yellow': '临期', 'tab.red': '超期', 'tab.all': '全部工单',
    'tab.reviews': '差评整改',
    'i.signBy': '签收', 'i.sign': '签收', 'i.signed': '已签收', 'i.return': '退单', 'i.returnIntro': '派单有误时可申请退单（派单后 {days} 个工作日内），经督办人员同意后退回热线重新派单。',
    'i.extension': '申请延期', 'i.extensionIntro': '每张工单只能延期一次，最多 {max} 个工作日，需督办人员同意。',
    'i.days': '延期工作日', 'i.daysHint': '1-{max} 个工作日', 'i.suspend': '申请挂起',
    'i.suspendIntro': '等待群众或第三方时可申请挂起，同意后办理时限暂停计算，恢复后继续计时。', 'i.submitRequest': '提交申请',
    'i.requested': '申请已提交，等待督办人员审批', 'i.waiting': '{kind}申请待审批', 'i.resume': '恢复办理', 'i.resumed': '已恢复办理，时限继续计算',
    'i.suspendedNote': '工单已挂起，办理时限暂停计算。', 'i.resolution': '答复内容', 'i.resolutionHint': '写明办理过程和结果，将反馈给来电群众',
    'i.reply': '答复', 'i.replied': '已答复，等待热线回访', 'i.sortHint': '点击表头排序',
    'i.noBadReviews': '本部门暂无差评', 'i.reviewsHint': '本部门收到的差评。每条差评生成整改工单（或原工单重办），按时办结即计为整改到位；认为评价不实可申诉。',
    'i.remedyOrder': '整改工单', 'i.appeal': '申诉', 'i.appealIntro': '说明差评不实的理由，督办人员审核：申诉成立则该评价作废，不计入统计。', 'i.appealed': '申诉已提交',
    'i.empty.sign': '没有待签收的工单', 'i.empty.handle': '没有办理中的工单', 'i.empty.yellow': '没有临期工单', 'i.empty.red': '没有超期工单',

    'i.contactHead': '联系来电人（先联系后办理）', 'i.revealPhone': '显示号码', 'i.contact': '已联系来电人',
    'i.contactRecorded': '已记录联系', 'i.contactedAt': '已于 {time} 联系来电人',
    'i.search': '搜索工单', 'i.searchHint': '工单编号、标题、地址或内容', 'i.noMatch': '没有找到匹配的工单',
    'i.supervised': '督办', 'i.supervisedDue': '限 {due} 前办结',
  },
  en: {
    'i.title': 'Department inbox', 'tab.sign': 'To sign', 'tab.handle': 'In progress', 'tab.yellow': 'Due soon', 'tab.red': 'Overdue', 'tab.all': 'All orders',
    'tab.reviews': 'Bad reviews',
    'i.signBy': 'sign by', 'i.sign': 'Sign', 'i.signed': 'Signed', 'i.return': 'Return', 'i.returnIntro': 'A wrongly dispatched order may be returned within {days} working days of dispatch, once a supervisor approves.',
    'i.extension': 'Ask for an extension', 'i.extensionIntro': 'One extension per order, at most {max} working days, approved by a supervisor.',
    'i.days': 'Working days', 'i.daysHint': '1 to {max} working days', 'i.suspend': 'Ask to suspend',
    'i.suspendIntro': 'While waiting on the resident or a third party. Once approved the deadline stops, and carries on when resumed.', 'i.submitRequest': 'Send request',
    'i.requested': 'Request sent; a supervisor will decide', 'i.waiting': '{kind} request waiting for a decision', 'i.resume': 'Resume', 'i.resumed': 'Resumed; the deadline runs again',
    'i.suspendedNote': 'Suspended: the deadline is stopped.', 'i.resolution': 'Resolution', 'i.resolutionHint': 'What was done and the result; the resident will hear it',
    'i.reply': 'Reply', 'i.replied': 'Replied; the hotline will call the resident back', 'i.sortHint': 'Click a heading to sort',
    'i.noBadReviews': 'No bad reviews', 'i.reviewsHint': 'Bad reviews of the department. Each opens a rectification order (or reopens the order); replying on time puts it right. Appeal one you find unfair.',
    'i.remedyOrder': 'The order that puts it right', 'i.appeal': 'Appeal', 'i.appealIntro': 'Say why the review is unfair. If a supervisor upholds it, the review is void and leaves every figure.', 'i.appealed': 'Appeal sent',
    'i.empty.sign': 'Nothing to sign', 'i.empty.handle': 'Nothing in progress', 'i.empty.yellow': 'Nothing due soon', 'i.empty.red': 'Nothing overdue',

    'i.contactHead': 'Contact the resident first', 'i.revealPhone': 'Show number', 'i.contact': 'Resident contacted',
    'i.contactRecorded': 'Contact recorded', 'i.contactedAt': 'Resident contacted at {time}',
    'i.search': 'Search orders', 'i.searchHint': 'Number, title, address or text', 'i.noMatch': 'No matching orders',
    'i.supervised': 'Supervised', 'i.supervisedDue': 'due by {due}',
  },
});
