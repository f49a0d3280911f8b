import { extend } from '../i18n.ts';

extend({
  zh: {
    'k.title': '知识库', 'k.search': '搜索标题、关键词或正文', 'k.new': '新建条目', 'k.edit': '编辑条目', 'k.articleTitle': '标题',
    'k.body': '正文（答复口径）', 'k.keywords': '关键词', 'k.keywordsHint': '多个关键词用逗号或空格分隔', 'k.category': '分类',
    'k.department': '维护单位', 'k.departmentHint': '该单位的承办人员可以维护此条目', 'k.noDepartment': '（不指定）',
    'k.ownDepartment': '本单位：{name}', 'k.state': '状态', 'k.active': '使用中', 'k.inactive': '已停用', 'k.uses': '引用次数',
    'k.updated': '更新时间', 'k.save': '保存', 'k.create': '新建', 'k.created': '已新建：{title}', 'k.saved': '已保存：{title}',
    'k.withdraw': '停用', 'k.withdrawn': '已停用：{title}', 'k.restore': '重新启用', 'k.restored': '已重新启用：{title}',
    'k.show': '显示', 'k.showActive': '使用中的条目', 'k.showAll': '全部（含已停用）', 'k.empty': '没有条目',
    'k.pick': '从左侧选择一个条目编辑，或新建条目。', 'k.version': '第 {n} 版', 'k.cancel': '取消',
    'k.scope': '本单位的知识条目：只列出并可维护本单位的条目。', 'k.scopeAll': '全部知识条目：话务员在受理时搜索这些条目答复来电人。',
  },
  en: {
    'k.title': 'Knowledge base', 'k.search': 'Search titles, keywords or text', 'k.new': 'New article', 'k.edit': 'Edit article',
    'k.articleTitle': 'Title', 'k.body': 'Text (the standard answer)', 'k.keywords': 'Keywords', 'k.keywordsHint': 'Separate keywords with commas or spaces',
    'k.category': 'Category', 'k.department': 'Maintained by', 'k.departmentHint': "This department's handlers may edit the article",
    'k.noDepartment': '(none)', 'k.ownDepartment': 'Your department: {name}', 'k.state': 'State', 'k.active': 'In use', 'k.inactive': 'Withdrawn',
    'k.uses': 'Used', 'k.updated': 'Updated', 'k.save': 'Save', 'k.create': 'Create', 'k.created': 'Created: {title}', 'k.saved': 'Saved: {title}',
    'k.withdraw': 'Withdraw', 'k.withdrawn': 'Withdrawn: {title}', 'k.restore': 'Put back in use', 'k.restored': 'Back in use: {title}',
    'k.show': 'Show', 'k.showActive': 'Articles in use', 'k.showAll': 'All (withdrawn too)', 'k.empty': 'No articles',
    'k.pick': 'Pick an article on the left to edit it, or create one.', 'k.version': 'version {n}', 'k.cancel': 'Cancel',
    'k.scope': "Your department's articles: only these are listed and yours to maintain.", 'k.scopeAll': 'Every article: operators search them to answer callers.',
  },
});
