// Orders from an upstream platform (上级平台, docs/integration.md "Orders from an upstream"): the refusals of its
// fields and the words the operators' pages show about an order's origin.
import type { Entry } from './catalogue.ts';

export const upstream = {
  'upstream.receivedInFuture': {
    zh: '上级平台受理时间不能晚于当前时间',
    en: 'received_at must not be in the future',
  },
  'upstream.dueBeforeReceived': {
    zh: '上级平台办理时限不能早于其受理时间',
    en: 'due_at must not be before received_at',
  },
  'upstream.origin': { zh: '上级平台', en: 'Upstream platform' },
  'upstream.sentDown': { zh: '上级平台转办', en: 'Sent down by an upstream platform' },
  'upstream.id': { zh: '上级工单编号', en: 'Upstream order id' },
  'upstream.due': { zh: '上级办理时限', en: 'Upstream deadline' },
  'upstream.received': { zh: '上级受理时间', en: 'Received upstream' },
  'upstream.categoryCode': { zh: '上级事项编码', en: 'Upstream item code' },
  'upstream.areaCode': { zh: '上级区划代码', en: 'Upstream area code' },
  'upstream.dueApplies': {
    zh: '派单时按上级时限与本级规则孰早确定答复时限',
    en: 'At dispatch the reply deadline is the sooner of the upstream deadline and our own',
  },
} satisfies Record<string, Entry>;
