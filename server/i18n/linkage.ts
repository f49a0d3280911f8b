// 110/119/120/122 linkage (12345与110联动, docs/integration.md "110/119/120/122 linkage"): transferred calls and
// linked orders (联动工单), their refusals and the words of the console's pages.
import type { Entry } from './catalogue.ts';

export const linkage = {
  'thing.linkageOrder': { zh: '联动工单', en: 'linked order' },
  'linkage.partnerValues': { zh: '联动单位应为 110、119、120 或 122', en: 'the partner is 110, 119, 120 or 122' },
  'linkage.transferNeedsAnswer': {
    zh: '未接通的来电不能转接',
    en: 'a missed call cannot be transferred',
  },
  'linkage.noPeer': {
    zh: '尚未配置 {partner} 联动对接系统，请管理员在“对接系统”中添加',
    en: 'no linkage system for {partner} is configured: an administrator adds one under Connected systems',
  },
  'linkage.alreadyOpen': {
    zh: '该工单已有发往 {partner} 的联动工单正在处理',
    en: 'a linked order to {partner} is already open for this ticket',
  },
  'linkage.notYourOrder': {
    zh: '该联动工单不属于此对接系统',
    en: 'this linked order belongs to another connected system',
  },
  'linkage.badTransition': {
    zh: '联动工单状态为“{from@linkage.status}”，不能改为“{to@linkage.status}”',
    en: 'a linked order that is {from@linkage.status} cannot become {to@linkage.status}',
  },
  'linkage.ticketMerged': { zh: '已并单的工单不能发起联动', en: 'a merged ticket cannot be sent to a partner' },
  'linkage.statusValues': {
    zh: '状态应为 accepted、handled 或 declined',
    en: 'the status is accepted, handled or declined',
  },
  'linkage.reasonRequired': { zh: '请填写联动原因', en: 'give the reason for the linked order' },
  'linkage.partner.110': { zh: '110 公安', en: '110 police' },
  'linkage.partner.119': { zh: '119 消防', en: '119 fire' },
  'linkage.partner.120': { zh: '120 急救', en: '120 ambulance' },
  'linkage.partner.122': { zh: '122 交警', en: '122 traffic police' },
  'linkage.status.sent': { zh: '已发送', en: 'sent' },
  'linkage.status.accepted': { zh: '已受理', en: 'accepted' },
  'linkage.status.handled': { zh: '已处置', en: 'handled' },
  'linkage.status.declined': { zh: '已退回', en: 'declined' },
  'linkage.status.received': { zh: '已接收', en: 'received' },
  'linkage.status.replied': { zh: '已答复', en: 'replied' },
  'linkage.status.closed': { zh: '已办结', en: 'closed' },
  'linkage.direction.out': { zh: '发出', en: 'sent' },
  'linkage.direction.in': { zh: '接收', en: 'received' },
  // Pages: the ticket page's 联动 button and list, the console's 联动工单 tab, the call panel's 转接.
  'linkage.title': { zh: '联动工单', en: 'Linked orders' },
  'tab.linkage': { zh: '联动工单', en: 'Linked orders' },
  'linkage.send': { zh: '联动', en: 'Linkage' },
  'linkage.sendTo': { zh: '联动单位', en: 'Partner' },
  'linkage.reason': { zh: '联动原因', en: 'Reason' },
  'linkage.submit': { zh: '发送联动工单', en: 'Send linked order' },
  'linkage.sent': { zh: '联动工单 {ref} 已发送', en: 'linked order {ref} sent' },
  'linkage.none': { zh: '暂无联动工单', en: 'No linked orders' },
  'linkage.col.ref': { zh: '联动编号', en: 'Reference' },
  'linkage.col.partner': { zh: '联动单位', en: 'Partner' },
  'linkage.col.direction': { zh: '方向', en: 'Direction' },
  'linkage.col.ticket': { zh: '工单', en: 'Order' },
  'linkage.col.status': { zh: '状态', en: 'Status' },
  'linkage.col.reason': { zh: '原因/摘要', en: 'Reason / summary' },
  'linkage.col.note': { zh: '对方说明', en: 'Their note' },
  'linkage.col.time': { zh: '时间', en: 'Time' },
  'linkage.anyDirection': { zh: '全部方向', en: 'Any direction' },
  'linkage.anyPartner': { zh: '全部联动单位', en: 'Any partner' },
  'linkage.anyStatus': { zh: '全部状态', en: 'Any status' },
  'linkage.transfer': { zh: '转接', en: 'Transfer' },
  'linkage.transferHint': {
    zh: '来电需转 110/119/120/122 时，点击对应按钮记录本次通话为转接',
    en: 'when a call goes to 110/119/120/122, press its button to record the call as transferred',
  },
  'linkage.transferTo': { zh: '转接 {partner}', en: 'Transfer to {partner}' },
  'linkage.transferred': {
    zh: '已记录：本次通话转接 {partner}',
    en: 'recorded: the call was transferred to {partner}',
  },
  'linkage.col.transferred': { zh: '转接', en: 'Transferred' },
  'linkage.todayCounts': { zh: '今日转接 {n} 个（{list}）', en: '{n} transferred today ({list})' },
  'linkage.dash.transferred': { zh: '转接 110/119/120/122', en: 'To 110/119/120/122' },
  'linkage.bulletin': {
    zh: '转接 110/119/120/122 的来电 {n} 个（110：{p110}，119：{p119}，120：{p120}，122：{p122}）。',
    en: '{n} calls transferred to 110/119/120/122 (110: {p110}, 119: {p119}, 120: {p120}, 122: {p122}).',
  },
} satisfies Record<string, Entry>;
