// The words of the tree of units on the administration page (the kinds themselves are the shared catalogue's
// unitKind.*, server/i18n/names.ts).
import { extend } from '../i18n.ts';

extend({
  zh: {
    'u.kind': '单位类型',
    'u.parent': '上级单位',
    'u.topLevel': '无（顶层单位）',
    'u.parentHint': '街道/乡镇隶属于区县，社区/村隶属于街道/乡镇；市直部门、区县和公共企事业单位为顶层单位',
    'u.liaison': '联络员手机',
    'u.liaisonHint': '11 位手机号码，用于短信提醒；列表中隐去中间四位',
    'u.tree': '承办单位（按隶属关系）',
  },
  en: {
    'u.kind': 'Kind of unit',
    'u.parent': 'Parent unit',
    'u.topLevel': 'None (top level)',
    'u.parentHint':
      'A street or township goes under a district, a community or village under a street; municipal departments, ' +
      'districts and public enterprises stand at the top',
    'u.liaison': "Liaison's mobile",
    'u.liaisonHint': 'An 11-digit mobile number for SMS reminders; lists hide its middle digits',
    'u.tree': 'Units (as they nest)',
  },
});
