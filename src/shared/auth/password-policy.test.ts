import { describe, expect, it } from 'vitest';
import {
  changePasswordSchema,
  loginSchema,
  newPasswordSchema,
  passwordMinLength,
  passwordProblems,
} from './password-policy';

const length = `at least ${passwordMinLength} characters`;
const classes = 'three of: lower case, upper case, digits, symbols';
const name = 'must not contain the login name';

describe('passwordProblems', () => {
  it.each<[string, string | undefined, string[]]>([
    ['Abcdefgh12', undefined, []], // exactly 10, three classes
    ['abcdefgh1!', undefined, []], // lower, digit, symbol
    ['ABCDEFGH1!', undefined, []],
    ['Abcdefghi!', undefined, []],
    ['密码Abcdefgh1', undefined, []], // Chinese characters count as symbols
    ['Abcdefg12', undefined, [length]], // 9 characters
    ['abcdefghijkl', undefined, [classes]],
    ['abcdefgh12', undefined, [classes]], // two classes only
    ['ABCDEFGHIJ', undefined, [classes]],
    ['1234567890', undefined, [classes]],
    ['short', undefined, [length, classes]],
    ['', undefined, [length, classes]],
    [`Aa1!${'x'.repeat(125)}`, undefined, ['at most 128 characters']],
    [`Aa1!${'x'.repeat(124)}`, undefined, []], // exactly 128
    ['Zhangsan-2026', 'zhangsan', [name]],
    ['My-ZHANGSAN-26', 'zhangsan', [name]], // case does not hide it
    ['Zhang-san-2026', 'zhangsan', []],
    ['zhangsan', 'zhangsan', [length, classes, name]],
  ])('%j (user %s) → %j', (password, username, expected) => {
    expect(passwordProblems(password, username)).toEqual(expected);
  });
});

describe('newPasswordSchema', () => {
  it('accepts a password that meets the policy', () => {
    expect(newPasswordSchema.safeParse('Valid-Passw0rd').success).toBe(true);
  });

  it.each([
    ['', 'required'],
    ['weak', `needs ${length}; ${classes}`],
  ])('refuses %j with “%s”', (password, message) => {
    const result = newPasswordSchema.safeParse(password);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toContain(message);
  });
});

describe('changePasswordSchema', () => {
  it('names the field that is wrong', () => {
    const result = changePasswordSchema.safeParse({ currentPassword: '', newPassword: 'weak' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'currentPassword',
      'newPassword',
    ]);
  });
});

describe('loginSchema', () => {
  it('trims the user name and requires both fields', () => {
    expect(loginSchema.parse({ username: '  admin ', password: 'x' })).toEqual({
      username: 'admin',
      password: 'x',
    });
    expect(loginSchema.safeParse({ username: '   ', password: 'x' }).success).toBe(false);
    expect(loginSchema.safeParse({ username: 'admin', password: '' }).success).toBe(false);
  });
});
