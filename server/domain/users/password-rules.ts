// What a new password must be (set by an administrator or changed by its owner): long enough, of at least three
// kinds of character, not the username, not one of the passwords every guesser tries first.
import type { MessageKey } from '../../i18n/index.ts';

const COMMON = new Set([
  'password',
  'password1',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'password123',
  'admin123',
  'admin@123',
  'admin@2026',
  '12345678',
  '123456789',
  '1234567890',
  '11111111',
  '88888888',
  '66666666',
  'qwerty123',
  'qwer1234',
  '1qaz2wsx',
  '1qaz@wsx',
  'aa123456',
  'abc12345',
  'abcd1234',
  'hotline123',
  '12345@hotline',
  'iloveyou1',
]);

/** Why a password is too weak (a message of the catalogue), or null when it will do. */
export function passwordProblem(password: string, username?: string): MessageKey | null {
  if (password.length < 8) return 'password.tooShort';
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return 'password.tooWeak';
  if (COMMON.has(password.toLowerCase())) return 'password.common';
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()))
    return 'password.hasUsername';
  return null;
}
