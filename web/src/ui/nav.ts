// Each role's pages: the sign-in page's home links and every staff page's navigation.
export interface PageLink {
  href: string;
  zh: string;
  en: string;
}

/** 知识库: maintained by supervisors and administrators, and by each department for its own articles. */
const KNOWLEDGE: PageLink = { href: '/knowledge', zh: '知识库', en: 'Knowledge base' };

export const HOMES: Record<string, PageLink[]> = {
  operator: [{ href: '/console', zh: '话务工作台', en: 'Operator console' }],
  handler: [{ href: '/inbox', zh: '部门工单', en: 'Department inbox' }, KNOWLEDGE],
  supervisor: [
    { href: '/supervise', zh: '督办考核', en: 'Supervision' },
    { href: '/dashboard', zh: '实时大屏', en: 'Live dashboard' },
    KNOWLEDGE,
  ],
  admin: [
    { href: '/admin', zh: '系统管理', en: 'Administration' },
    { href: '/dashboard', zh: '实时大屏', en: 'Live dashboard' },
    KNOWLEDGE,
  ],
};

/**
 * Where a role goes right after signing in: the page with their work. A supervisor's is 督办考核, which opens on the
 * requests to decide with the appeals counted beside them (the dashboard is one click away in the header).
 */
export const MAIN_PAGE: Record<string, string | undefined> = {
  operator: '/console',
  handler: '/inbox',
  supervisor: '/supervise',
  admin: '/admin',
};
