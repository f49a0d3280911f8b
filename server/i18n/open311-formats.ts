// Open311 GeoReport v2 as its clients speak it (docs/api.md "Open311 GeoReport v2"): attribute[code] fields, tokens.
import type { Entry } from './catalogue.ts';

export const open311Formats = {
  'open311.attributeCode': {
    zh: '属性代码只能含字母、数字和 _.:-，最长 64 个字符',
    en: 'an attribute code is 1-64 letters, digits or _.:-',
  },
  'open311.attributes': { zh: '附加属性：{list}', en: 'attributes: {list}' },
} satisfies Record<string, Entry>;
