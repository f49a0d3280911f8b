// What a field says when its value will not do (server/http/middleware/validate.ts words zod's issues with these;
// a schema names its own key when it has something more particular to say).
import type { Entry } from './catalogue.ts';

export const validation = {
  'field.required': { zh: '必填', en: 'required' },
  'field.notEmpty': { zh: '不能为空', en: 'required' },
  'field.wrongType': { zh: '类型不正确', en: 'expected {expected}' },
  'field.minChars': { zh: '至少 {minimum} 个字符', en: 'at least {minimum} characters' },
  'field.maxChars': { zh: '最多 {maximum} 个字符', en: 'at most {maximum} characters' },
  'field.atLeast': { zh: '不能小于 {minimum}', en: 'at least {minimum}' },
  'field.moreThan': { zh: '须大于 {minimum}', en: 'must be more than {minimum}' },
  'field.atMost': { zh: '不能大于 {maximum}', en: 'at most {maximum}' },
  'field.lessThan': { zh: '须小于 {maximum}', en: 'must be less than {maximum}' },
  'field.email': { zh: '邮箱格式不正确', en: 'invalid email address' },
  'field.date': { zh: '日期格式应为 YYYY-MM-DD', en: 'expected YYYY-MM-DD' },
  'field.month': { zh: '月份格式应为 YYYY-MM', en: 'expected YYYY-MM' },
  'field.dateTime': { zh: '应为带时区的 ISO 8601 时间', en: 'expected ISO 8601 with offset' },
  'field.format': { zh: '格式不正确', en: 'invalid format' },
  'field.oneOf': { zh: '取值无效，应为：{values}', en: 'expected one of {values}' },
  'field.unknown': { zh: '不允许的字段', en: 'unknown field' },
  'field.phone': { zh: '电话号码格式不正确', en: 'invalid phone number' },
  'field.mobile': { zh: '应为 11 位手机号码', en: 'expected an 11-digit mobile number' },
  'field.trueOrFalse': { zh: '应为 true 或 false', en: 'expected true or false' },
  'field.toBeforeFrom': { zh: '结束日期不能早于开始日期', en: 'to is before from' },
  'field.atMostAYear': { zh: '区间最长一年', en: 'at most a year' },
} satisfies Record<string, Entry>;
