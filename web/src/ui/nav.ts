// Each role's pages: the sign-in page's home links and every staff page's navigation.
export interface PageLink { href: string; zh: string; en: string }

export const HOMES: Record<string, PageLink[]> = {
  operator: [{ href: '/console', zh: '话务工作台', en: 'Operator console' }],
  handler: [{ href: '/inbox', zh: '部门工单', en: 'Department inbox' }],
  supervisor: [{ href: '/supervise', zh: '督办考核', en: 'Supervision' }, { href: '/dashboard', zh: '实时大屏', en: 'Live dashboard' }],
  admin: [{ href: '/admin', zh: '系统管理', en: 'Administration' }, { href: '/dashboard', zh: '实时大屏', en: 'Live dashboard' }],
};

/** Where a role goes right after signing in; supervisors, with two pages of equal weight, see their home. */
export const MAIN_PAGE: Record<string, string | undefined> = { operator: '/console', handler: '/inbox', admin: '/admin' };
