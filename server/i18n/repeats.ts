// Repeat demands (重复诉求, docs/rules/work-orders.md "Repeat demands"): the mail to the holding unit's head, the
// text's name on the templates page and the badge of the order's page.
import type { Entry } from './catalogue.ts';

export const repeats = {
  'sms.event.repeat_demand': { zh: '重复诉求（单位负责人）', en: 'Repeat demand (unit head)' },
  'repeat.rule.phone': { zh: '同一来电号码', en: 'the same caller number' },
  'repeat.rule.place': { zh: '同一地点同一类别', en: 'the same place and category' },
  'repeat.badge': { zh: '重复诉求', en: 'Repeat demand' },
  'repeat.summary': {
    zh: '{rule}第{count}次诉求，相关工单：',
    en: 'demand no. {count} from {rule}; related orders: ',
  },
  'repeat.mail.subject': {
    zh: '【重复诉求】{department}：{days}天内第{count}次诉求的工单',
    en: '[Repeat demand] {department}: an order that is demand no. {count} within {days} days',
  },
  'repeat.mail.body': {
    zh:
      '{department}负责人：\n工单{number}（{title}）为{days}天内{rule}的第{count}次诉求，已派至贵单位。' +
      '相关工单：{siblings}。请重点关注，从根本上解决问题。',
    en:
      'To the head of {department}:\norder {number} ({title}) is demand no. {count} from {rule} within {days} ' +
      'days and has been dispatched to your unit. Related orders: {siblings}. Please see to the problem behind it.',
  },
} satisfies Record<string, Entry>;
