// 修改密码: every signed-in person changes their own password from the page header. The old one is asked for
// (proof it is them); the server refuses a weak one and ends the person's other sessions.
import { post } from '../api.ts';
import { extend, t } from '../i18n.ts';
import { ApiError } from '../api.ts';
import { dialog } from './form.ts';
import { toast } from './toast.ts';

extend({
  zh: {
    'pw.change': '修改密码',
    'pw.old': '原密码',
    'pw.new': '新密码',
    'pw.repeat': '再次输入新密码',
    'pw.rule': '至少 8 位，含大写字母、小写字母、数字、符号中的三种，不含用户名，不能是 12345678 之类的常见密码',
    'pw.mismatch': '两次输入的新密码不一致',
    'pw.changed': '密码已修改，其他设备上的登录已退出',
    'pw.intro': '修改后，您在其他电脑或手机上的登录将自动退出。',
  },
  en: {
    'pw.change': 'Change password',
    'pw.old': 'Current password',
    'pw.new': 'New password',
    'pw.repeat': 'New password again',
    'pw.rule':
      'At least 8 characters of three kinds (upper, lower, digit, symbol), without the username, not a common ' +
      'one like 12345678',
    'pw.mismatch': 'The two new passwords differ',
    'pw.changed': 'Password changed; your other sessions are signed out',
    'pw.intro': 'Changing it signs you out on your other computers and phones.',
  },
});

/**
 * A toast for what a dialog's form did, shown once the dialog has closed: one shown while it is open goes into it
 * (toast.ts: the top layer) and would leave with it. Call it last in the dialog's submit: the dialog closes as soon
 * as the submit resolves, before this runs.
 */
export function toastAfter(message: string): void {
  setTimeout(() => toast(message), 0);
}

export function changePasswordDialog(): HTMLDialogElement {
  return dialog({
    title: t('pw.change'),
    intro: t('pw.intro'),
    submitLabel: t('pw.change'),
    fields: [
      { name: 'old_password', label: t('pw.old'), type: 'password', required: true, autocomplete: 'current-password' },
      {
        name: 'new_password',
        label: t('pw.new'),
        type: 'password',
        required: true,
        autocomplete: 'new-password',
        hint: t('pw.rule'),
      },
      { name: 'repeat', label: t('pw.repeat'), type: 'password', required: true, autocomplete: 'new-password' },
    ],
    submit: async (v) => {
      if (v.new_password !== v.repeat)
        throw new ApiError(400, 'VALIDATION_FAILED', t('pw.mismatch'), [{ path: 'repeat', message: t('pw.mismatch') }]);
      await post('/auth/password', { old_password: v.old_password ?? '', new_password: v.new_password ?? '' });
      toastAfter(t('pw.changed'));
    },
  });
}
