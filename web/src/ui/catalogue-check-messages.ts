// The words of 派单目录判定 on an order's page (catalogue-check.ts), Chinese first.
import { extend } from '../i18n.ts';

extend({
  zh: {
    'cc.title': '派单目录判定',
    'cc.named': '按“{label}”（{date} 起施行）应派 {unit}',
    'cc.none': '当时目录未规定该分类的责任单位',
    'cc.territorial': '按“{label}”（{date} 起施行）属地办理（区、街道或社区）',
    'cc.matched': '相符',
    'cc.mismatched': '不符',
  },
  en: {
    'cc.title': 'Dispatch against the catalogue',
    'cc.named': '“{label}” (in force from {date}) names {unit}',
    'cc.none': 'the catalogue then named no unit for this category',
    'cc.territorial': '“{label}” (in force from {date}) leaves it to the place (a district, street or community)',
    'cc.matched': 'matches',
    'cc.mismatched': 'does not match',
  },
});
