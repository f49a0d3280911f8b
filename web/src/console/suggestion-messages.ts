// The words of the suggested dispatch at the console (suggestion.ts).
import { extend } from '../i18n.ts';

extend({
  zh: {
    'c.suggestCategory': '建议分类：{category}（置信度 {p}）',
    'c.suggestUnit': '建议承办单位：{unit}',
    'c.suggestNoUnit': '承办单位请按地址选择',
    'c.suggestAlso': '也可能是：{list}',
    'c.suggestAdopt': '采用',
    'c.suggestAdopted': '已采用',
    'c.suggestKept': '已按您选择的分类',
  },
  en: {
    'c.suggestCategory': 'Suggested category: {category} ({p} confidence)',
    'c.suggestUnit': 'suggested unit: {unit}',
    'c.suggestNoUnit': 'choose the unit by the address',
    'c.suggestAlso': 'or perhaps: {list}',
    'c.suggestAdopt': 'Adopt',
    'c.suggestAdopted': 'Adopted',
    'c.suggestKept': 'Your chosen category is kept',
  },
});
