// Surges (突增预警, docs/rules/hot-spots.md "Notices"): the mail to the supervisors and the area's head, and the
// text's name on the templates page. Never a caller's data: the area, the category and the figures only.
import type { Entry } from './catalogue.ts';

export const surges = {
  'sms.event.surge_warning': { zh: '突增预警（区域负责人）', en: 'Surge warning (area head)' },
  'surgeAlert.allCategories': { zh: '全部类别', en: 'all categories' },
  'surgeAlert.mail.subject': {
    zh: '【突增预警】{area}：{category}诉求{day}达{count}件',
    en: '[Surge warning] {area}: {count} {category} orders on {day}',
  },
  'surgeAlert.mail.body': {
    zh:
      '{greeting}：\n{path}{day}{category}类诉求已达{count}件，近{days}天日均{baseline}件，' +
      '超过预警线{limit}件（误报概率不超过{alpha}）。请关注并研判是否存在共性问题，及时处置。\n查看预警：{url}',
    en:
      'To {greeting}:\n{path} received {count} {category} orders on {day}, against {baseline} a day over the last ' +
      '{days} days: above the warning line of {limit} (a false alarm has a probability of at most {alpha}). ' +
      'Please look for a common cause and act on it.\nSee the warning: {url}',
  },
  'surgeAlert.mail.supervisors': { zh: '督办员', en: 'the supervisors' },
  'surgeAlert.mail.head': { zh: '{area}负责人', en: 'the head of {area}' },
} satisfies Record<string, Entry>;
