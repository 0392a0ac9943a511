/**
 * Passwords long enough for the length rule that are still among the first an
 * attacker tries (from public lists of leaked passwords). Compared lower-cased.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass1234', 'passwort',
  '12345678', '123456789', '1234567890', '0123456789', '87654321', '11111111', '00000000', '12341234', '11223344', '12121212',
  'qwertyui', 'qwertyuiop', 'qwerty123', 'qwerty1234', '1q2w3e4r', '1q2w3e4r5t', 'q1w2e3r4', 'asdfghjk', 'asdfghjkl', 'zxcvbnm1',
  'iloveyou', 'iloveyou1', 'sunshine', 'princess', 'football', 'baseball', 'welcome1', 'welcome123', 'letmein1', 'trustno1',
  'superman', 'starwars', 'whatever', 'computer', 'internet', 'michelle', 'jennifer', 'abcd1234', 'abc12345', 'aa123456',
  'changeme', 'administrator', 'admin123', 'admin1234', 'secret123', 'monkey123', 'dragon123', 'master123', 'shadow123', 'default1',
]);
