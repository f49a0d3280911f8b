// The coded dispatch catalogue (派单目录): its import's refusals (each with the CSV line and column), the severity
// tiers and the words of its administration page (docs/rules/catalogue.md).
import type { Entry } from './catalogue.ts';

export const dispatchCatalogue = {
  // Refusals of an import: one per problem, each naming its line and column.
  'catalogue.csvInvalid': { zh: 'CSV 文件有误，未导入任何内容', en: 'the CSV has problems: nothing was imported' },
  'catalogue.csvSyntax': { zh: '第 {line} 行格式有误：{reason}', en: 'line {line} is not valid CSV: {reason}' },
  'catalogue.csvEmpty': { zh: '文件没有任何分类', en: 'the file holds no category' },
  'catalogue.headerMissing': { zh: '表头缺少列 {column}', en: 'the header lacks column {column}' },
  'catalogue.headerUnknown': { zh: '表头有未知列 {column}', en: 'the header has an unknown column {column}' },
  'catalogue.required': { zh: '第 {line} 行 {column} 不能为空', en: 'line {line}: {column} is required' },
  'catalogue.codeFormat': {
    zh: '第 {line} 行编码只能由字母和数字组成（最多 32 位）',
    en: 'line {line}: a code is letters and digits, at most 32',
  },
  'catalogue.codeRepeated': {
    zh: '第 {line} 行编码 {code} 与第 {first} 行重复',
    en: 'line {line}: code {code} repeats line {first}',
  },
  'catalogue.nameRepeated': {
    zh: '第 {line} 行名称“{name}”与第 {first} 行重复',
    en: 'line {line}: name {name} repeats line {first}',
  },
  'catalogue.nameTaken': {
    zh: '第 {line} 行名称“{name}”已是编码 {code} 的分类',
    en: 'line {line}: name {name} belongs to the category coded {code}',
  },
  'catalogue.tooLong': {
    zh: '第 {line} 行 {column} 最多 {max} 个字符',
    en: 'line {line}: {column} is at most {max} characters',
  },
  'catalogue.noSuchParent': {
    zh: '第 {line} 行上级编码 {code} 不在文件中',
    en: 'line {line}: parent code {code} is not in the file',
  },
  'catalogue.tooDeep': { zh: '第 {line} 行超过三级', en: 'line {line}: deeper than three levels' },
  'catalogue.parentLoop': { zh: '第 {line} 行上级编码成环', en: 'line {line}: the parent codes loop' },
  'catalogue.noSuchUnit': {
    zh: '第 {line} 行责任单位“{unit}”不存在或已停用',
    en: 'line {line}: no active unit {unit}',
  },
  'catalogue.leafNeedsUnit': {
    zh: '第 {line} 行末级分类须有责任单位（单位名称或“属地”）',
    en: 'line {line}: a leaf needs a responsible unit (the name of a unit, or territorial for the unit of the place)',
  },
  'catalogue.leafNeedsTier': {
    zh: '第 {line} 行末级分类须有紧急程度',
    en: 'line {line}: a leaf needs a severity tier',
  },
  'catalogue.noSuchTier': {
    zh: '第 {line} 行紧急程度 {tier} 无效（可选：{tiers}）',
    en: 'line {line}: no severity tier {tier} (one of {tiers})',
  },
  'catalogue.pastDate': {
    zh: '生效日期 {date} 之后已有派单，不能追溯生效',
    en: 'orders were dispatched after {date}: a version cannot take effect before them',
  },
  'thing.catalogueVersion': { zh: '目录版本', en: 'catalogue version' },
  // Severity tiers (紧急程度) of catalogue leaves.
  'tier.life': { zh: '危及生命财产', en: 'danger to life or property' },
  'tier.utility': { zh: '水电气热', en: 'water, power, gas, heating' },
  'tier.normal': { zh: '一般', en: 'normal' },
  // The administration page.
  'catalogue.title': { zh: '派单目录', en: 'Dispatch catalogue' },
  'catalogue.code': { zh: '编码', en: 'Code' },
  'catalogue.name': { zh: '名称', en: 'Name' },
  'catalogue.unit': { zh: '责任单位', en: 'Responsible unit' },
  'catalogue.territorial': { zh: '属地', en: 'Territorial (the unit of the place)' },
  'catalogue.tier': { zh: '紧急程度', en: 'Severity tier' },
  'catalogue.dutyBasis': { zh: '职责依据', en: 'Duty basis' },
  'catalogue.import': { zh: '导入目录', en: 'Import a catalogue' },
  'catalogue.file': { zh: 'CSV 文件', en: 'CSV file' },
  'catalogue.label': { zh: '版本名称', en: 'Version label' },
  'catalogue.effectiveFrom': { zh: '生效日期', en: 'Effective from' },
  'catalogue.note': { zh: '说明', en: 'Note' },
  'catalogue.imported': {
    zh: '已导入版本“{label}”，共 {count} 条，{date} 起生效',
    en: 'imported {label}: {count} entries, in force from {date}',
  },
  'catalogue.history': { zh: '版本历史', en: 'Version history' },
  'catalogue.entries': { zh: '条目数', en: 'Entries' },
  'catalogue.inForce': { zh: '现行', en: 'in force' },
  'catalogue.diff': { zh: '与上一版本比较', en: 'Compare with the previous version' },
  'catalogue.added': { zh: '新增', en: 'Added' },
  'catalogue.removed': { zh: '删除', en: 'Removed' },
  'catalogue.changed': { zh: '变更', en: 'Changed' },
  'catalogue.noChange': { zh: '无变化', en: 'No change' },
  'catalogue.empty': { zh: '尚未导入派单目录', en: 'No catalogue imported yet' },
  'catalogue.asOf': { zh: '查看日期', en: 'As of' },
  'catalogue.importedAt': { zh: '导入时间', en: 'Imported' },
} satisfies Record<string, Entry>;
