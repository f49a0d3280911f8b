// The words of the contact form (contact-form.ts), Chinese first.
import { extend } from '../i18n.ts';

extend({
  zh: {
    'ct.title': '记录联系来电人',
    'ct.intro': '先联系后办理：记录每一次联系，联系上的第一次计入响应率（签收时限内）。',
    'ct.at': '联系时间',
    'ct.atHint': '默认为现在；事后补记请改为实际联系时间',
    'ct.means': '联系方式',
    'ct.outcome': '联系结果',
    'ct.note': '备注',
    'ct.submit': '记录',
    'ct.attempts': '联系记录',
  },
  en: {
    'ct.title': 'Record a contact with the resident',
    'ct.intro': 'Contact first: record every attempt; the first that reached the resident counts in the response rate.',
    'ct.at': 'When',
    'ct.atHint': 'Now unless you change it to when the contact happened',
    'ct.means': 'Means',
    'ct.outcome': 'Outcome',
    'ct.note': 'Note',
    'ct.submit': 'Record',
    'ct.attempts': 'Contact attempts',
  },
});
