// Passing down (转派/二级派单, docs/rules/work-orders.md "Passing down"): refusals and the actions' names. The
// timeline's words for its events are in events.ts with every other event.
import type { Entry } from './catalogue.ts';

export const levels = {
  'thing.level': { zh: '下级派单', en: 'level' },
  'action.pass_down': { zh: '转派', en: 'pass_down' },
  'action.level_sign': { zh: '签收下级派单', en: 'level_sign' },
  'action.level_reply': { zh: '向上级答复', en: 'level_reply' },
  'action.level_review': { zh: '审核下级答复', en: 'level_review' },
  'levels.notHeld': {
    zh: '本单位未承办该工单，不能转派',
    en: 'your unit does not hold this order: it cannot pass it down',
  },
  'levels.notSigned': { zh: '请先签收，再转派', en: 'sign for the order before passing it down' },
  'levels.awaitingReview': {
    zh: '本单位已向上级答复，待上级审核，不能再转派',
    en: 'your reply awaits review above: the order cannot be passed down now',
  },
  'levels.childOpen': {
    zh: '已转派至{unit}办理，待其答复并审核通过或收回后才能继续',
    en: 'passed down to {unit}: approve its reply or take it back first',
  },
  'levels.notBelow': {
    zh: '只能转派给本单位下属的单位',
    en: 'an order is passed down only to a unit below yours',
  },
  'levels.noSuchActive': { zh: '单位不存在或已停用', en: 'no such active unit' },
  'levels.functionalDuty': {
    zh: '“{category}”属职能部门职责，不得转派至街道、社区（国办函〔2025〕66号）',
    en: '"{category}" is a functional department\'s duty: it may not be passed down to a street or community',
  },
  'levels.dueAfterParent': {
    zh: '下级办理期限不能晚于本级期限',
    en: "a level's deadline cannot be later than its parent's",
  },
  'levels.notToSign': { zh: '该下级派单已签收或已结束', en: 'this level is already signed or ended' },
  'levels.notToReply': {
    zh: '该下级派单未签收、已答复或已结束，不能答复',
    en: 'this level is not signed, already replied or ended',
  },
  'levels.notAwaitingReview': {
    zh: '该下级派单没有待审核的答复',
    en: 'this level has no reply awaiting review',
  },
  'levels.ended': { zh: '该下级派单已结束', en: 'this level has ended' },
  'levels.downOpen': {
    zh: '下级单位（{unit}）尚未办结，审核通过其答复或收回后才能答复',
    en: 'a unit below ({unit}) still handles it: approve its reply or take it back first',
  },
  'levels.offeredPerLevel': {
    zh: '下级派单的操作在各层级上进行',
    en: "a level's actions are offered on the level",
  },
} satisfies Record<string, Entry>;
