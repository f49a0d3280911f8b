// Why a step of the work was refused: orders, calls, callbacks, ratings, the knowledge base, the board, Open311.
import type { Entry } from './catalogue.ts';

export const workErrors = {
  // Orders (server/domain/tickets).
  'ticket.roleMayNot': { zh: '当前角色不能{action@action}', en: 'role may not {action}' },
  'ticket.invalidTransition': {
    zh: '工单状态为“{status@status}”，不能{action@action}',
    en: 'cannot {action} a {status} ticket',
  },
  'ticket.onlyOperatorsCreate': { zh: '只有话务员可以登记工单', en: 'only operators create tickets' },
  'ticket.notYourDepartmentToRead': { zh: '只能查看本部门的工单', en: "not your department's ticket" },
  'ticket.phoneOrAddress': { zh: '请提供电话或地址', en: 'give a phone or an address' },
  'ticket.unknownStatus': { zh: '未知的状态', en: 'unknown status' },
  'ticket.noSuchCall': { zh: '来电记录不存在', en: 'no such call' },
  'ticket.noSuchTicket': { zh: '工单不存在', en: 'no such ticket' },
  'ticket.noSuchTarget': { zh: '目标工单不存在', en: 'no such ticket' },
  'ticket.mergeIntoItself': { zh: '不能并入自身', en: 'cannot merge into itself' },
  'ticket.mergeTargetClosed': { zh: '只能并入未办结的工单', en: 'the target is not open' },
  'ticket.onlyInquiriesAnswered': { zh: '只有咨询类工单可以直接答复', en: 'only inquiries can be answered directly' },
  'ticket.requestExists': { zh: '该工单已有{kind@kind}申请', en: 'a {kind} request already exists' },
  'ticket.returnWindowPassed': { zh: '派单已超过 {workdays} 个工作日，不能退单', en: 'the return window has passed' },
  'ticket.confidentialCaller': {
    zh: '保密工单不向承办单位显示来电人信息',
    en: 'the caller of a confidential order is not shown',
  },
  'ticket.contactRecorded': { zh: '本次承办已记录联系', en: 'the contact is already recorded' },
  'ticket.contactInFuture': { zh: '联系时间不能晚于现在', en: 'the contact cannot be in the future' },
  'ticket.contactBeforeDispatch': { zh: '联系时间不能早于派单时间', en: 'the contact cannot come before the dispatch' },
  'ticket.contactMeans': { zh: '应为 phone、sms、visit 或 other', en: 'expected phone, sms, visit or other' },
  'ticket.contactOutcome': { zh: '应为 reached 或 unreachable', en: 'expected reached or unreachable' },
  'ticket.nothingToDecide': { zh: '没有待审批的申请', en: 'nothing to decide' },
  'ticket.recomputeAutomatic': { zh: '录入全年节假日安排时自动重算', en: "done when a year's schedule is entered" },
  'ticket.notRecallable': {
    zh: '重办和差评整改工单按规定派回原单位，不能撤回',
    en: 'a reopened or rectification order cannot be recalled',
  },
  'ticket.extensionMaxDays': { zh: '延期最多 {maximum} 个工作日', en: 'at most {maximum} working days' },
  'ticket.requestDecided': { zh: '该申请已处理', en: 'the request was already decided' },
  'ticket.requestStale': { zh: '该申请属于此前的承办，已失效', en: 'the request belongs to an earlier assignment' },
  'ticket.rectificationNoCallback': {
    zh: '该差评整改工单来自匿名评价，没有可回访的评价人，答复 7 日后自动办结',
    en: 'this rectification order answers an anonymous review: nobody to call back; it closes 7 days after its reply',
  },
  'ticket.alreadyRatedNoScore': {
    zh: '群众已评价过本次办理，回访不再评分',
    en: 'the resident already rated this order: the callback asks no score',
  },
  'ticket.chooseScore': { zh: '请选择满意度', en: 'choose a score' },
  'ticket.saySolved': { zh: '请记录问题是否解决', en: 'say whether the problem is solved' },
  'ticket.alreadyRated': { zh: '该工单已回访评价', en: 'already rated' },
  'ticket.solvedValues': { zh: '应为 yes、partly 或 no', en: 'expected yes, partly or no' },
  'ticket.numberFormat': { zh: '工单编号为 14 位数字', en: 'a ticket number has 14 digits' },
  'ticket.phoneLast4': { zh: '请输入来电号码后 4 位', en: 'the last 4 digits of the phone number' },
  'ticket.queryCode': { zh: '请输入短信中的 6 位查询码', en: 'the 6-digit query code from the text message' },
  'ticket.lookupLocked': {
    zh: '该工单查询输错次数过多，已暂停查询，请 {minutes} 分钟后再试；急需了解进度请拨打 12345 热线',
    en:
      'too many wrong guesses for this order: look-ups of it are paused, try again in {minutes} minutes or ' +
      'call the 12345 hotline',
  },
  'ticket.callbackFailureValues': {
    zh: '应为 no_answer、wrong_number 或 busy',
    en: 'expected no_answer, wrong_number or busy',
  },

  // Calls and callbacks of missed calls.
  'calls.onlyOperatorsRecord': {
    zh: '只有话务员和电话系统可以登记来电',
    en: 'only operators and the CTI record calls',
  },
  'calls.inFuture': { zh: '来电时间晚于当前时间', en: 'started_at is in the future' },
  'calls.before1990': { zh: '来电时间早于 1990 年', en: 'started_at is before 1990' },
  'calls.ctiSendsWait': { zh: '电话系统须提供等待时长', en: 'the CTI sends wait_s' },
  'calls.missedNoTalk': { zh: '未接来电的通话时长应为 0', en: 'a missed call has no talk time' },
  'calls.noSuchOperator': { zh: '话务员不存在', en: 'no such operator' },
  'calls.toBeforeFrom': { zh: '结束日期早于开始日期', en: 'to is before from' },
  'calls.atMost366Days': { zh: '最长 366 天', en: 'at most 366 days' },
  'callbacks.onlyOperators': { zh: '只有话务员可以回拨', en: 'only operators call back' },
  'callbacks.done': { zh: '该回拨已完成', en: 'this callback is already done' },
  'callbacks.describeOutcome': { zh: '请填写回拨结果', en: 'describe the outcome' },

  // Ratings, appeals and held bursts.
  'ratings.linkInvalid': { zh: '评价链接无效', en: 'invalid rating link' },
  'ratings.linkUsed': { zh: '该评价链接已使用，感谢您的评价', en: 'this link has already been used' },
  'ratings.linkExpired': { zh: '该评价链接已过期', en: 'this link has expired' },
  'ratings.codeInactive': { zh: '该评价码已停用', en: 'this code is no longer in use' },
  'ratings.onlyRatedDepartmentAppeals': {
    zh: '只有被评价部门的承办人员可以申诉',
    en: 'only the rated department may appeal',
  },
  'ratings.onlyBadAppealed': { zh: '只能对差评申诉', en: 'only bad reviews can be appealed' },
  'ratings.alreadyVoid': { zh: '该评价已作废', en: 'the rating is already void' },
  'ratings.heldForSupervisor': {
    zh: '该评价属于异常集中评价，待督办人员核实',
    en: 'the rating is held for a supervisor',
  },
  'ratings.alreadyAppealed': { zh: '该评价已申诉过', en: 'the rating has already been appealed' },
  'ratings.onlySupervisorsDecideAppeals': { zh: '只有督办人员可以审核申诉', en: 'only supervisors decide appeals' },
  'ratings.appealDecided': { zh: '该申诉已审核', en: 'the appeal has already been decided' },
  'ratings.burstReaders': { zh: '只有督办人员和管理员可以查看异常评价', en: 'supervisors and administrators only' },
  'ratings.onlySupervisorsDecideBursts': {
    zh: '只有督办人员可以核实异常评价',
    en: 'only supervisors decide held ratings',
  },
  'ratings.nothingHeld': { zh: '这批评价已处理，或没有待核实的评价', en: 'nothing held to decide: already decided?' },
  'ratings.burstDecidedByOther': { zh: '这批评价已被他人处理', en: 'another supervisor decided these first' },
  'ratings.deviceRatingExists': { zh: '该工单已有评价器评价', en: 'the ticket already has a device rating' },
  'ratings.windowClosed': {
    zh: '评价器所在窗口已停用，不再接收评价',
    en: "the device's window is closed: it takes no ratings",
  },
  'ratings.clockOff': {
    zh: '评价时间超出允许范围，请校准评价器时钟',
    en: 'rated_at out of range: check the device clock',
  },
  'ratings.noSuchTicketInDepartment': { zh: '本部门没有该工单', en: 'no such ticket in the department' },
  'ratings.onlyRepliedRated': {
    zh: '只能评价已答复或已办结的工单',
    en: 'only a replied or closed ticket can be rated',
  },
  'ratings.notYourDepartment': { zh: '只能查看本部门的评价', en: 'not your department' },
  'ratings.departmentsNoLinks': { zh: '承办单位不能获取评价链接', en: 'departments may not read rating links' },
  'ratings.scoreInteger': { zh: '评分须为 1-5 的整数', en: 'score is an integer from 1 to 5' },
  'ratings.scoreRange': { zh: '评分须为 1-5', en: 'score is 1 to 5' },
  'ratings.badNeedsReason': { zh: '差评须填写原因', en: 'a bad rating needs a reason' },
  'ratings.decisionReason': { zh: '请填写审核理由', en: 'a reason is required' },
  'ratings.reasonRequired': { zh: '请填写理由', en: 'a reason is required' },

  // The knowledge base.
  'knowledge.noSuchActive': { zh: '知识条目不存在或已停用', en: 'no such active article' },
  'knowledge.ownDepartmentOnly': {
    zh: '只能维护本单位的知识条目',
    en: "you may only edit your own department's articles",
  },
  'knowledge.editors': {
    zh: '只有督办人员、管理员和条目所属单位可以维护知识库',
    en: "only supervisors, administrators and the article's department edit it",
  },
  'knowledge.bodyTooLong': { zh: '正文过长', en: 'the body is too long (at most 60,000 bytes)' },
  'knowledge.emptyKeyword': { zh: '关键词不能为空', en: 'empty keyword' },
  'knowledge.keywordsTooLong': { zh: '关键词总长过长', en: 'the keywords are too long together' },
  'knowledge.queryTooLong': { zh: '最多 50 个字', en: 'at most 50 characters' },

  // The monthly red/blue board.
  'board.monthNotEnded': { zh: '{month} 尚未结束，只能预览', en: 'the month has not ended; preview only' },
  'board.beforeService': {
    zh: '{month} 早于系统启用，无可排名数据',
    en: '{month} is before the service began: nothing to rank',
  },

  // Open311 (GeoReport v2).
  'open311.keyInvalid': { zh: 'api_key 无效或已吊销', en: 'invalid or revoked api_key' },
  'open311.keyMissing': { zh: '缺少 api_key', en: 'api_key is required' },
  'open311.notFound': { zh: '{what} 不存在', en: '{what} not found' },
  'open311.formOnly': {
    zh: '请求体须为 application/x-www-form-urlencoded',
    en: 'the body must be form-encoded',
  },
  'open311.noSuchResource': { zh: '没有这个 Open311 资源或方法', en: 'no such Open311 resource or method' },
  'open311.unreadableBody': { zh: '请求体无法解析', en: 'unreadable request body: {reason}' },
  'open311.decimalDegrees': { zh: '应为十进制度数', en: 'expected decimal degrees' },
  'open311.outOfRange': { zh: '应在 ±{limit} 之间', en: 'out of range' },
  'open311.latLongTogether': { zh: 'lat 与 long 须同时提供', en: 'lat and long go together' },
  'open311.locationRequired': {
    zh: '须提供位置：lat/long、address_string 或 address_id',
    en: 'a location is required: lat & long, address_string or address_id',
  },
  'open311.emptyList': { zh: '不能为空', en: 'empty list' },
  'open311.tooManyItems': { zh: '最多 {maximum} 项', en: 'at most {maximum} items' },
  'open311.w3cTime': {
    zh: '应为带时区的 ISO 8601 时间，如 2026-11-01T00:00:00+08:00',
    en: 'expected a date-time with offset',
  },
  'open311.requestNumber': { zh: '工单编号应为数字', en: 'expected a request number' },
  'open311.unknownServiceCode': { zh: '未知的服务代码', en: 'unknown service_code' },
  'open311.openOrClosed': { zh: '应为 open 或 closed', en: 'expected open or closed' },
  'open311.endBeforeStart': { zh: 'end_date 早于 start_date', en: 'end_date is before start_date' },
  'open311.spanTooLong': {
    zh: '时间跨度不能超过 {days} 天',
    en: 'the range may not span more than {days} days',
  },
  'open311.email': { zh: '邮箱格式不正确', en: 'invalid email' },
  'open311.httpUrl': { zh: '应为 http(s) 地址', en: 'expected an http(s) URL' },
} satisfies Record<string, Entry>;
