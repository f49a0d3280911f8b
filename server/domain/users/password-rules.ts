// What a new password must be (set by an administrator or changed by its owner): long enough, of at least three
// kinds of character, not the username, not one of the passwords every guesser tries first.
const COMMON = new Set([
  'password', 'password1', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'password123', 'admin123', 'admin@123', 'admin@2026',
  '12345678', '123456789', '1234567890', '11111111', '88888888', '66666666', 'qwerty123', 'qwer1234', '1qaz2wsx',
  '1qaz@wsx', 'aa123456', 'abc12345', 'abcd1234', 'hotline123', '12345@hotline', 'iloveyou1',
]);

export const PASSWORD_RULE = '至少 8 位，含大写字母、小写字母、数字、符号中的三种，不含用户名，不是常见密码 / at least 8 characters of three kinds (upper, lower, digit, symbol), without the username, not a common one';

/** Why a password is too weak, or null when it will do. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 8) return `密码至少 8 位 / at least 8 characters`;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return `密码太弱：${PASSWORD_RULE}`;
  if (COMMON.has(password.toLowerCase())) return '这是常见密码，容易被猜中 / a common password, easily guessed';
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名 / must not contain the username';
  return null;
}
