// 事项编码 (item codes): the service item's code in the provincial catalogue, on categories, windows and device
// ratings (docs/rules/catalogue.md "Item codes"), and the words of the catalogue page that edits them.
import type { Entry } from './catalogue.ts';

export const itemCodes = {
  'itemCode.format': {
    zh: '事项编码只能由字母、数字和“-”组成，最长 64 位',
    en: 'an item code is letters, digits and "-", at most 64',
  },
  'catalogue.itemCodeFormat': {
    zh: '第 {line} 行：事项编码只能由字母、数字和“-”组成，最长 64 位',
    en: 'line {line}: an item code is letters, digits and "-", at most 64',
  },
  'catalogue.itemCode': { zh: '事项编码', en: 'Item code' },
  'catalogue.editItemCode': { zh: '修改', en: 'Edit' },
  'catalogue.saveItemCode': { zh: '保存', en: 'Save' },
  'catalogue.cancelItemCode': { zh: '取消', en: 'Cancel' },
  'catalogue.itemCodeSaved': { zh: '“{name}”的事项编码已保存：{code}', en: 'item code of {name} saved: {code}' },
  'catalogue.itemCodeCleared': { zh: '“{name}”的事项编码已清除', en: 'item code of {name} cleared' },
} satisfies Record<string, Entry>;
