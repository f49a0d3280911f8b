// 显示号码: the handler asks for the caller's full number to call them (先联系后办理); the server audits each reveal.
// One page-wide memory of the numbers revealed, so the order drawn again (after 已联系, or at another level's step)
// keeps showing the number without a second reveal.
import { post } from '../api.ts';
import { t } from '../i18n.ts';
import { h } from './dom.ts';
import { busy, showError } from './notice.ts';

const revealed = new Map<number, string>();

const phoneLink = (phone: string) => h('a', { class: 'phone', href: `tel:${phone}`, 'data-phone': phone }, phone);

/**
 * The number already revealed for this order as a tel: link, or the button that reveals it. `attrs` marks the button
 * for its place (the holder's contact area or a level); a refusal is shown in the nearest `errorsIn` container.
 */
export function revealPhone(ticketId: number, attrs: Record<string, string>, errorsIn: string): HTMLElement {
  const known = revealed.get(ticketId);
  if (known) return phoneLink(known);
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      ...attrs,
      onclick: async (e: Event) => {
        const b = e.currentTarget as HTMLButtonElement;
        try {
          const { caller_phone } = await busy(b, () =>
            post<{ caller_phone: string }>(`/tickets/${ticketId}/reveal-phone`, {}),
          );
          revealed.set(ticketId, caller_phone);
          b.replaceWith(phoneLink(caller_phone));
        } catch (err) {
          showError(err, b.closest(errorsIn));
        }
      },
    },
    t('i.revealPhone'),
  );
}
