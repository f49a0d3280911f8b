// Location on every order (docs/rules/intake.md "Location"): the area (属地区域) picked or recognised, its refusals
// and the words of the intake form and the order's page.
import type { Entry } from './catalogue.ts';

export const location = {
  'ticket.noSuchArea': {
    zh: '区域应为有效的区县、街道或社区',
    en: 'the area is an active district, street or community',
  },
  'ticket.pointBoth': { zh: '经纬度需同时填写', en: 'latitude and longitude go together' },
  'field.area': { zh: '所属区域', en: 'Area' },
  'area.recognise': { zh: '按地址识别', en: 'recognise from the address' },
} satisfies Record<string, Entry>;
