// The words of calling residents back: 回访 on replied orders and 回拨 of missed calls.
import { extend } from '../i18n.ts';

extend({
  zh: {
    'cb.contacted': '承办单位是否联系过您？', 'cb.solved': '问题是否解决？', 'cb.score': '对办理结果是否满意？',
    'cb.pickContacted': '请选择是否联系过', 'cb.pickSolved': '请选择是否解决', 'cb.pickFailReason': '请选择未接通的原因',
    'cb.alreadyRated': '群众已评价（{channel}，{score}），本次回访不再评分，只记录是否联系、是否解决。',
    'cb.ratingLink': '群众尚未评价。评价链接（一次有效，可读给或短信发给来电人）：',
    'cb.attempts': '未接通 {n}/{max} 次', 'cb.failedTitle': '回访未接通', 'cb.failReason': '未接通原因', 'cb.failNote': '说明（选填）',
    'cb.fail': '记录未接通', 'cb.failAndClose': '记录未接通，按联系不上办结',
    'cb.lastAttempt': '这是第 {n} 次尝试：再未接通，工单将按“联系不上”办结，不计评价。',
    'cb.failedSaved': '已记录第 {n} 次未接通（共 {max} 次），工单仍待回访', 'cb.unreachable': '多次未接通，工单已按联系不上办结',
    'cb.col.attempts': '回访尝试', 'cb.none': '—',
    'm.attempts': '回拨尝试', 'm.overdue': '超时未回拨', 'm.onTime': '未超时', 'm.dueAt': '应于 {at} 前回拨',
    'm.overdueHint': '首次未接后 {h} 小时内未回拨（含未接通的尝试）即为超时。',
    'm.failedTitle': '回拨未接通', 'm.fail': '记录未接通', 'm.failedSaved': '已记录未接通，该来电仍待回拨', 'm.noAttempts': '尚未回拨',
  },
  en: {
    'cb.contacted': 'Did the department contact you?', 'cb.solved': 'Is the problem solved?', 'cb.score': 'How satisfied are you?',
    'cb.pickContacted': 'Say whether they were contacted', 'cb.pickSolved': 'Say whether it is solved', 'cb.pickFailReason': 'Choose why the call failed',
    'cb.alreadyRated': 'The resident already rated this order ({channel}, {score}): the callback asks no score, only contact and whether it is solved.',
    'cb.ratingLink': 'Not rated yet. The single-use rating link (read it out or text it to the caller):',
    'cb.attempts': '{n}/{max} failed', 'cb.failedTitle': 'Could not reach the resident', 'cb.failReason': 'Why', 'cb.failNote': 'Note (optional)',
    'cb.fail': 'Record failed attempt', 'cb.failAndClose': 'Record and close as unreachable',
    'cb.lastAttempt': 'Attempt {n} of {n}: if it fails, the order closes as unreachable, without a rating.',
    'cb.failedSaved': 'Failed attempt {n} of {max} recorded; the order still awaits a callback', 'cb.unreachable': 'Unreachable after repeated attempts: order closed',
    'cb.col.attempts': 'Attempts', 'cb.none': '—',
    'm.attempts': 'Attempts', 'm.overdue': 'Overdue', 'm.onTime': 'On time', 'm.dueAt': 'Call back by {at}',
    'm.overdueHint': 'Overdue: not tried within {h} hours of the first missed call (a failed attempt counts as tried).',
    'm.failedTitle': 'Could not get through', 'm.fail': 'Record failed attempt', 'm.failedSaved': 'Failed attempt recorded; the call still awaits a callback', 'm.noAttempts': 'Not tried yet',
  },
});
