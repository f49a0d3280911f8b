// The words of the mails and timeline notes the service writes by itself (in Chinese: they go to departments'
// mailboxes and onto the record; the English says the same for a reader of the catalogue), and of its exports.
import type { Entry } from './catalogue.ts';

export const mails = {
  'mail.footer': {
    zh: '—— 12345政务服务便民热线（系统自动发送，请勿直接回复）',
    en: '— 12345 hotline (sent automatically, do not reply)',
  },
  'mail.viewTicket': { zh: '查看工单：{url}', en: 'See the order: {url}' },

  // Escalation (escalations/escalation-mail.ts): what is due, by which deadline, and what was missed.
  'escalation.deadline.sign': { zh: '签收时限', en: 'the sign-for deadline' },
  'escalation.deadline.due': { zh: '办理时限', en: 'the reply deadline' },
  'escalation.act.sign': { zh: '签收', en: 'sign for it' },
  'escalation.act.due': { zh: '办理并答复', en: 'handle and reply' },
  'escalation.missed.sign': { zh: '未签收', en: 'not signed for' },
  'escalation.missed.due': { zh: '未答复', en: 'not replied' },
  'escalation.note.yellow': {
    zh: '黄牌预警：{kind@escalation.deadline}{by@time}即将到期',
    en: 'Yellow card: {kind@escalation.deadline} {by@time} is near',
  },
  'escalation.note.red': {
    zh: '红牌：超过{kind@escalation.deadline}（{by@time}）{kind@escalation.missed}，已自动督办',
    en: 'Red card: past {kind@escalation.deadline} ({by@time}), {kind@escalation.missed}; supervised automatically',
  },
  'escalation.note.head': {
    zh: '超过{kind@escalation.deadline}（{by@time}）{days}个工作日{kind@escalation.missed}，已通报部门负责人和督办人员',
    en:
      '{days} working days past {kind@escalation.deadline} ({by@time}), {kind@escalation.missed}; the head ' +
      'and the supervisors were told',
  },
  // A card on a level (passed down, co-handling) names the unit it is for, ahead of the note above.
  'escalation.note.level': { zh: '【{department}】{note}', en: '[{department}] {note}' },
  'escalation.about': { zh: '工单 {number}「{title}」', en: 'order {number} "{title}"' },
  'escalation.aboutUrgent': { zh: '工单 {number}「{title}」（紧急）', en: 'urgent order {number} "{title}"' },
  'escalation.left.urgent': { zh: '剩余时间已不足时限的四分之一', en: 'less than a quarter of the time is left' },
  'escalation.left.normal': { zh: '剩余时间已不足1个工作日', en: 'less than 1 working day is left' },
  'escalation.subject.yellow': {
    zh: '【黄牌预警】工单{number}须于{by@time}前{kind@escalation.act}',
    en: '[Yellow card] order {number}: {kind@escalation.act} by {by@time}',
  },
  'escalation.subject.red': {
    zh: '【红牌督办】工单{number}已超过{kind@escalation.deadline}',
    en: '[Red card] order {number} is past {kind@escalation.deadline}',
  },
  'escalation.body.intro': {
    zh: '{department}：\n\n{about}的{kind@escalation.deadline}为 {by@time}（北京时间），',
    en: '{department}:\n\n{kind@escalation.deadline} of {about} is {by@time} (Beijing time); ',
  },
  'escalation.body.yellow': {
    zh: '{left}，请于 {by@time} 前{kind@escalation.act}。\n',
    en: '{left}: please {kind@escalation.act} by {by@time}.\n',
  },
  'escalation.body.red': {
    zh: '现已超时{kind@escalation.missed}。系统已自动发出督办，请立即{kind@escalation.act}，逾期{days}个工作日将通报部门负责人。\n',
    en:
      'it has passed, {kind@escalation.missed}. A supervision order went out: please {kind@escalation.act} now; ' +
      '{days} working days late, the head is told.\n',
  },
  'escalation.subject.head': {
    zh: '【超期通报】工单{number}超过{kind@escalation.deadline}已达{days}个工作日',
    en: '[Overdue] order {number} is {days} working days past {kind@escalation.deadline}',
  },
  'escalation.body.head': {
    zh:
      '{greeting}：\n\n{department}承办的{about}，{kind@escalation.deadline}为 {by@time}（北京时间），' +
      '截至 {now@time} 已超期{days}个工作日以上仍{kind@escalation.missed}，系统已于超期时自动督办，请督促尽快{kind@escalation.act}。',
    en:
      '{greeting}:\n\n{kind@escalation.deadline} of {about}, held by {department}, was {by@time} (Beijing time); at ' +
      '{now@time} it is over {days} working days late and still {kind@escalation.missed}. A supervision ' +
      'order went out; ' +
      'please see that they {kind@escalation.act} soon.',
  },
  'escalation.greeting.head': { zh: '{department}负责人', en: 'Head of {department}' },
  'escalation.greeting.supervisors': { zh: '督办人员', en: 'Supervisors' },
  'escalation.supervision.sign': {
    zh: '超过签收时限未签收，系统自动督办',
    en: 'Not signed for by the deadline: supervised automatically',
  },
  'escalation.supervision.due': {
    zh: '超过办理时限未答复，系统自动督办',
    en: 'Not replied by the deadline: supervised automatically',
  },
  'escalation.someDepartment': { zh: '承办单位', en: 'the department' },

  // The daily digest to each department (digest/digest.service.ts).
  'digest.deadline.sign': { zh: '签收时限 {at@time}', en: 'sign for by {at@time}' },
  'digest.deadline.due': { zh: '办理时限 {at@time}', en: 'reply by {at@time}' },
  'digest.line': {
    zh: '  · {number}「{title}」{deadline}\n    {url}\n',
    en: '  · {number} "{title}" {deadline}\n    {url}\n',
  },
  'digest.lineSuspended': {
    zh: '  · {number}「{title}」（已挂起）{deadline}\n    {url}\n',
    en: '  · {number} "{title}" (suspended) {deadline}\n    {url}\n',
  },
  'digest.section': { zh: '{title}（{count} 件）：\n', en: '{title} ({count}):\n' },
  'digest.more': { zh: '  ……另有 {count} 件，请登录系统查看\n', en: '  … {count} more: sign in to see them\n' },
  'digest.section.red': { zh: '红牌工单（已超时，请立即办理）', en: 'Red cards (overdue: handle them now)' },
  'digest.section.yellow': { zh: '黄牌工单（即将到期）', en: 'Yellow cards (due soon)' },
  'digest.section.none': { zh: '其他在办工单', en: 'Other orders in hand' },
  'digest.subject': {
    zh: '【每日工单提醒】{department} {month}月{day}日：在办 {held} 件，红牌 {red} 件，黄牌 {yellow} 件',
    en: '[Daily orders] {department} {month}/{day}: {held} in hand, {red} red cards, {yellow} yellow cards',
  },
  'digest.body': {
    zh: '{department}：\n\n截至 {now@time}（北京时间），贵单位在办工单 {held} 件，其中红牌（已超时）{red} 件、黄牌（即将到期）{yellow} 件。\n\n',
    en:
      '{department}:\n\nAt {now@time} (Beijing time) you hold {held} orders: {red} red cards (overdue) and ' +
      '{yellow} yellow cards (due soon).\n\n',
  },
  'digest.signature': { zh: '{year}年{month}月{day}日 每日提醒', en: 'Daily reminder of {year}-{month}-{day}' },

  // The red/blue board (leaderboard/leaderboard.service.ts): prepared for the supervisors, published to the heads.
  'board.preparedSubject': {
    zh: '【红蓝榜】{month} 月度榜单已生成，请审核发布',
    en: '[Red/blue board] {month} is prepared: review and publish',
  },
  'board.preparedBody': {
    zh: '督办人员：\n\n{month} 月度红蓝榜已生成，请审核后发布。\n\n审核发布：{url}\n',
    en: 'Supervisors:\n\nThe red/blue board of {month} is prepared: review and publish it.\n\nReview: {url}\n',
  },
  'board.preparedBodyAuto': {
    zh: '督办人员：\n\n{month} 月度红蓝榜已生成，请审核后发布（如未发布，系统将于 {at@time} 自动发布）。\n\n审核发布：{url}\n',
    en:
      'Supervisors:\n\nThe red/blue board of {month} is prepared: review and publish it (if nobody does, it ' +
      'is published at ' +
      '{at@time}).\n\nReview: {url}\n',
  },
  'board.entry': { zh: '{rank}. {name}（{score} 分）', en: '{rank}. {name} ({score})' },
  'board.redLine': { zh: '红榜：{entries}', en: 'Red list: {entries}' },
  'board.blueLine': { zh: '蓝榜：{entries}', en: 'Blue list: {entries}' },
  'board.publishedSubject': { zh: '【红蓝榜】{month} 月度考核结果已发布', en: '[Red/blue board] {month} is published' },
  'board.publishedBody': {
    zh: '{department}负责同志：\n\n{month} 月度 12345 热线工单办理红蓝榜已发布。\n\n{lines}\n\n查看红蓝榜：{url}\n',
    en:
      'Head of {department}:\n\nThe 12345 hotline red/blue board of {month} is published.\n\n{lines}\n\nSee ' +
      'the board: {url}\n',
  },

  // The department report's files (reports/report-export.ts): the columns beside the figures' own names.
  'report.department': { zh: '承办单位', en: 'Department' },
  'report.group': { zh: '分组', en: 'Group' },
  'report.supervised': { zh: '督办', en: 'Supervised' },
  'report.total': { zh: '合计', en: 'Total' },
  // Units as a tree in the files (docs/rules/figures.md "Levels"): the unit's kind, the unit above it, and the
  // row of a unit with its units below (each order once).
  'report.kind': { zh: '单位类型', en: 'Kind' },
  'report.parent': { zh: '上级单位', en: 'Unit above' },
  'report.subtotal': { zh: '{name} 小计（含下级）', en: '{name} with its units below' },
  'report.title': { zh: '{month} 承办单位工单办理情况', en: "Departments' orders, {month}" },
  'report.titleToDate': {
    zh: '{month} 承办单位工单办理情况（截至 {to}）',
    en: "Departments' orders, {month} (to {to})",
  },

  // Open311 (open311/open311-view.ts, open311.service.ts): a request's status notes and the service's notices.
  'open311.note.received': { zh: '已受理，待派单', en: 'received, awaiting dispatch' },
  'open311.note.dispatched': { zh: '已派至承办单位', en: 'dispatched to the responsible department' },
  'open311.note.accepted': { zh: '承办单位办理中', en: 'being handled' },
  'open311.note.suspended': { zh: '暂缓办理', en: 'on hold' },
  'open311.note.replied': { zh: '承办单位已答复，待回访', en: 'answered, awaiting the callback' },
  'open311.note.closed': { zh: '已办结', en: 'closed' },
  'open311.note.merged': { zh: '已并入其他工单', en: 'merged into another request' },
  'open311.note.mergedInto': { zh: '已并入工单 {number}', en: 'merged into request {number}' },
  'open311.notice': {
    zh: '已受理：话务员审核后派至承办单位办理',
    en: 'received: an operator reviews it and dispatches it to the responsible department',
  },
  'open311.contact': { zh: '12345 政务服务便民热线', en: '12345 government service hotline: {url}' },
  'open311.keyService': { zh: 'api_key 由热线管理员签发', en: 'api_keys are issued by the hotline administrators' },
  'open311.location': { zh: '位置', en: 'location: {lat}, {long}' },
  'open311.addressId': { zh: '地址编号', en: 'address id: {id}' },
  'open311.media': { zh: '图片', en: 'media: {url}' },

  // The rectification order a bad review opens (ratings/rectification.ts), and the notes that close it.
  'rectification.title': { zh: '差评整改：{score@score}', en: 'Rectification: {score@score}' },
  'rectification.titleWhere': { zh: '差评整改：{score@score} — {where}', en: 'Rectification: {score@score} — {where}' },
  'rectification.channel': { zh: '评价渠道：{channel@rchannel}', en: 'Channel: {channel@rchannel}' },
  'rectification.level': { zh: '评价等级：{score@score}（{score} 分）', en: 'Rating: {score@score} ({score})' },
  'rectification.reason': { zh: '差评原因：{reason}', en: 'Reason: {reason}' },
  'rectification.comment': { zh: '评价内容：{comment}', en: 'Comment: {comment}' },
  'rectification.where': { zh: '被评价窗口/人员：{where}', en: 'Window / staff rated: {where}' },
  'rectification.ratedAt': { zh: '评价时间：{at@time}（北京时间）', en: 'Rated at: {at@time} (Beijing time)' },
  'rectification.ask': {
    zh: '请核实情况、落实整改，并在办理时限内答复整改结果。',
    en: 'Please check, put it right, and reply with what was done by the deadline.',
  },
  'rectification.withdrawn': {
    zh: '差评申诉成立，评价已作废，本整改工单由系统办结',
    en: 'the appeal was upheld and the rating voided: the system closed this order',
  },
  'rectification.burstWithdrawn': {
    zh: '该差评属于异常集中评价，经督办人员核实作废，本整改工单由系统办结',
    en: 'the review was part of a burst voided by a supervisor: the system closed this order',
  },
  // A make-up working day entered with a year's holidays (calendar/calendar-year.ts).
  'calendar.makeupWorkday': { zh: '调休上班', en: 'make-up working day' },
  'calendar.makeupWorkdayOf': { zh: '{name}调休上班', en: 'make-up working day for {name}' },

  // A supervisor's supervision order, mailed to the department (tickets/ticket-actions.service.ts).
  'supervise.subject': { zh: '【督办】工单 {number}：{title}', en: '[Supervision] order {number}: {title}' },
  'supervise.body': {
    zh: '{department}：\n\n市12345热线对工单 {number}（{title}）发出督办：{note}\n办理时限：{due}\n请登录系统查看：{url}\n',
    en:
      '{department}:\n\nThe 12345 hotline issued a supervision order on order {number} ({title}): {note}\n' +
      'Reply by: {due}\nSign in to see it: {url}\n',
  },
  'supervise.due': { zh: '{at@time}（北京时间）', en: '{at@time} (Beijing time)' },
} satisfies Record<string, Entry>;
