// Why a request was refused: the answer's message and each field's, by key (server/lib/errors.ts). The English
// halves are lower case: the HTTP answer says both halves as "中文 / English"; the pages capitalise on their own.
import type { Entry } from './catalogue.ts';

export const errorMessages = {
  // Every refusal's default words, by docs/api.md code.
  'error.invalidInput': { zh: '请求参数有误', en: 'invalid input' },
  'error.signInFirst': { zh: '请先登录', en: 'sign in first' },
  'error.notAllowed': { zh: '无权执行此操作', en: 'not allowed' },
  'error.notFound': { zh: '{what@thing}不存在', en: 'not found' },
  'error.versionConflict': { zh: '工单已被他人修改，请刷新后重试', en: 'the ticket changed, reload and retry' },
  'error.rateLimited': { zh: '请求过于频繁，请稍后再试', en: 'too many requests' },
  'error.noRoute': { zh: '页面或接口不存在', en: 'no such route' },
  'error.unreadableBody': { zh: '请求体无法解析', en: '{reason}' },
  'error.internal': { zh: '服务器内部错误', en: 'internal error' },
  'error.databaseUnavailable': {
    zh: '数据库暂时无法连接，请稍后重试',
    en: 'the database cannot be reached just now, try again shortly',
  },
  'error.commitUnknown': {
    zh: '保存时数据库连接中断，无法确认是否已保存：请用同一 Idempotency-Key 重发，或先查看再重试',
    en:
      'the database went away while saving, so whether it was stored is unknown: ' +
      'send it again with the same Idempotency-Key, or look before trying again',
  },
  'error.jsonOnly': { zh: '请求体须为 JSON', en: 'the body must be JSON (Content-Type: application/json)' },
  'error.notOwnPages': { zh: '请求并非来自本系统页面', en: "the request did not come from this service's own pages" },
  'error.notYourDepartment': { zh: '只能处理本部门的工单', en: "not your department's ticket" },
  'error.otherDepartment': { zh: '只能设置本部门的评价器', en: 'not your department' },

  // What was missing (error.notFound names it in Chinese; the English answer says "not found").
  'thing.record': { zh: '记录', en: 'record' },
  'thing.ticket': { zh: '工单', en: 'ticket' },
  'thing.calendarOverride': { zh: '日历调整', en: 'calendar override' },
  'thing.callback': { zh: '回拨记录', en: 'callback' },
  'thing.call': { zh: '来电记录', en: 'call' },
  'thing.ctiKey': { zh: 'CTI 密钥', en: 'CTI key' },
  'thing.category': { zh: '分类', en: 'category' },
  'thing.department': { zh: '部门', en: 'department' },
  'thing.device': { zh: '评价器', en: 'review device' },
  'thing.displayLink': { zh: '大屏链接', en: 'display link' },
  'thing.article': { zh: '知识条目', en: 'article' },
  'thing.publishedBoard': { zh: '已发布的红蓝榜', en: 'published board' },
  'thing.open311Key': { zh: 'Open311 密钥', en: 'Open311 key' },
  'thing.rating': { zh: '评价', en: 'rating' },
  'thing.appeal': { zh: '申诉', en: 'appeal' },
  'thing.ratingLink': { zh: '评价链接', en: 'rating link' },
  'thing.callerPhone': { zh: '来电号码', en: "caller's number" },
  'thing.request': { zh: '申请', en: 'request' },
  'thing.user': { zh: '用户', en: 'user' },
  'thing.window': { zh: '窗口', en: 'window' },
  'thing.staff': { zh: '工作人员', en: 'staff member' },

  // Signing in and passwords.
  'auth.locked': {
    zh: '账号已锁定，请于北京时间 {until@time} 后再试',
    en: 'account locked; try again after {until@time} Beijing time',
  },
  'auth.addressThrottled': {
    zh: '此地址登录失败次数过多，请于北京时间 {until@time} 后再试',
    en: 'too many failed sign-ins from this address; try again after {until@time} Beijing time',
  },
  'auth.wrongCredentials': { zh: '用户名或密码错误', en: 'wrong username or password' },
  'auth.passwordNotChanged': { zh: '密码未修改', en: 'the password was not changed' },
  'auth.passwordNotSet': { zh: '密码未设置', en: 'the password was not set' },
  'auth.currentPasswordWrong': { zh: '原密码不正确', en: 'the current password is wrong' },
  'auth.passwordUnchanged': { zh: '新密码不能与原密码相同', en: 'the new password must differ' },
  'password.tooShort': { zh: '密码至少 8 位', en: 'at least 8 characters' },
  'password.tooWeak': {
    zh: '密码太弱：至少 8 位，含大写字母、小写字母、数字、符号中的三种，不含用户名，不是常见密码',
    en: 'at least 8 characters of three kinds (upper, lower, digit, symbol), without the username, not a common one',
  },
  'password.common': { zh: '这是常见密码，容易被猜中', en: 'a common password, easily guessed' },
  'password.hasUsername': { zh: '密码不能包含用户名', en: 'must not contain the username' },

  // Records the administrators keep.
  'users.usernameTaken': { zh: '用户名“{username}”已被使用', en: 'username taken' },
  'users.usernameFormat': { zh: '3-64 位字母、数字或 _ . -', en: '3-64 letters, digits, _ . -' },
  'users.handlerNeedsDepartment': { zh: '承办人员必须属于一个部门', en: 'handlers need a department' },
  'departments.exists': { zh: '部门“{name}”已存在', en: 'department exists' },
  'departments.nameTaken': { zh: '部门名称重复', en: 'department name taken' },
  'departments.noSuch': { zh: '部门不存在', en: 'no such department' },
  'departments.noSuchActive': { zh: '部门不存在或已停用', en: 'no such active department' },
  'departments.noSuchUnit': { zh: '单位不存在', en: 'no such department' },
  // Units as a tree (docs/rules/units.md): who may stand under whom.
  'departments.parentInactive': { zh: '上级单位已停用', en: 'the parent unit is inactive' },
  'departments.topLevel': { zh: '{kind@unitKind}为顶层单位，不能有上级', en: 'a {kind} unit has no parent' },
  'departments.needsParent': {
    zh: '{kind@unitKind}须隶属于一个{parent_kind@unitKind}',
    en: 'a {kind} unit needs a {parent_kind} parent',
  },
  'departments.wrongParent': {
    zh: '{kind@unitKind}的上级须为{parent_kind@unitKind}，不能是{actual@unitKind}',
    en: 'a {kind} unit goes under a {parent_kind}, not a {actual}',
  },
  'departments.cycle': { zh: '上级单位不能是本单位或其下级', en: 'the parent is the unit itself or below it' },
  'departments.childrenNeedKind': {
    zh: '下级单位（{children}）须隶属于{parent_kind@unitKind}，不能改为{kind@unitKind}',
    en: 'its units below ({children}) need a {parent_kind} parent, not a {kind}',
  },
  'departments.activeChildren': {
    zh: '仍有在用的下级单位（{children}），请先停用或调整',
    en: 'active units below ({children}): deactivate or move them first',
  },
  'categories.exists': { zh: '分类“{name}”已存在', en: 'category exists' },
  'categories.nameTaken': { zh: '分类名称重复', en: 'category name taken' },
  'categories.noSuch': { zh: '分类不存在', en: 'no such category' },
  'windows.nameTaken': { zh: '本部门已有同名窗口', en: 'the department has a window of that name' },
  'windows.staffNoTaken': { zh: '工号“{staff_no}”已存在', en: 'staff number taken' },
  'windows.staffNoFormat': { zh: '工号为 1-32 位字母、数字、_ 或 -', en: '1-32 letters, digits, _ or -' },
  'windows.noSuch': { zh: '窗口不存在', en: 'no such window' },
  'windows.noSuchInDepartment': { zh: '窗口不存在或不属于该部门', en: 'no such window in the department' },
  'windows.qrOwnDepartment': { zh: '只能打印本部门的评价码', en: 'not your department' },
  'devices.noSuchStaff': { zh: '该部门没有这名在岗工作人员', en: 'no such active staff member in the department' },
  'devices.staffNotAtWindow': {
    zh: '该工作人员不在本评价器所在窗口',
    en: "the staff member does not serve at the device's window",
  },
  'devices.badKey': { zh: '缺少或无效的评价器密钥', en: 'missing or invalid device key' },
  'devices.revoked': { zh: '该评价器已停用', en: 'the device has been revoked' },
  'calendar.outsideYear': { zh: '日期须在 {year} 年内', en: 'dates must be in {year}' },
  'calendar.rangeReversed': { zh: '结束日期早于开始日期', en: 'the range ends before it starts' },
  'calendar.rangeTooLong': { zh: '一段假期不超过 {days} 天', en: 'a range covers at most {days} days' },
  'calendar.workdayIsHoliday': { zh: '{date} 同时被列为放假日', en: '{date} is also a holiday' },
  'calendar.workdayNotWeekend': { zh: '{date} 不是周末，无需调休上班', en: '{date} is not a weekend day' },
  'calendar.scheduleInvalid': { zh: '{year} 年节假日安排有误', en: 'the {year} schedule is invalid' },
  'calendar.dateOrRange': { zh: '应为日期或 {from, to}', en: 'expected a date or {from, to}' },
  'calendar.oneHoliday': { zh: '至少录入一个放假日期', en: 'at least one holiday' },
  'cti.badKey': { zh: 'CTI 密钥无效或已吊销', en: 'unknown or revoked CTI key' },
} satisfies Record<string, Entry>;
