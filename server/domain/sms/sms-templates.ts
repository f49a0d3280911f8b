// The texts residents and liaison officers receive, one per event, in Chinese (texts go to Chinese mobiles).
// Administrators may reword each (sms_templates); a template names its values in braces, and a wording may use
// only the values its event has (checked when it is saved).
export const DEFAULT_SMS_TEMPLATES = {
  // To the resident when the hotline accepts the order: its number and the query code /track asks for.
  ticket_accepted: '【12345】您反映的诉求已受理，工单号{number}，查询码{code}。进度查询：{track_url}',
  // To the resident when the order is answered: a summary of the answer and the single-use rating link.
  ticket_replied: '【12345】您的工单{number}已办理答复：{summary}。请对办理结果评价：{rate_url}',
  // To the resident when the answer has gone unrated for some days.
  rating_invite: '【12345】您的工单{number}已答复{days}天，尚未评价。欢迎评价：{rate_url}',
  // To a unit's liaison mobile when an order waits to be signed for.
  sign_reminder: '【12345】工单{number}（{title}）待{department}签收，请于{deadline}前签收。',
  // To a unit's liaison mobile when an order of the unit is overdue (red card).
  red_card: '【12345】工单{number}（{title}）已超期，{department}被亮红牌并督办，请尽快办理。',
  // To the holding unit's head (its liaison mobile) when a repeat demand (重复诉求) is dispatched to the unit.
  repeat_demand:
    '【12345】工单{number}（{title}）为{days}天内第{count}次重复诉求，已派{department}，请负责人重点关注。',
  // To a territorial unit's liaison mobile (for its head) when a surge (突增预警) of a category is found in the area.
  surge_warning: '【12345】突增预警：{area}{day}{category}类诉求{count}件，近期日均{baseline}件，请负责人关注处置。',
} as const;

export type SmsTemplateKey = keyof typeof DEFAULT_SMS_TEMPLATES;
export const SMS_TEMPLATE_KEYS = Object.keys(DEFAULT_SMS_TEMPLATES) as SmsTemplateKey[];

/** The names in braces a wording uses. */
export const templateNames = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** A wording with its values filled in; a name with no value is left as it is written. */
export function renderTemplate(text: string, params: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
