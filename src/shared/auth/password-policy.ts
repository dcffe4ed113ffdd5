import { z } from 'zod';

/**
 * Password policy (密码策略): at least 10 characters, with at least three of
 * lower case, upper case, digits and symbols; not the login name.
 */
export const passwordMinLength = 10;

export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < passwordMinLength)
    problems.push(`at least ${passwordMinLength} characters`);
  if (password.length > 128) problems.push('at most 128 characters');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) =>
    r.test(password),
  ).length;
  if (classes < 3) problems.push('three of: lower case, upper case, digits, symbols');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('must not contain the login name');
  return problems;
}

export const newPasswordSchema = z
  .string()
  .min(1, 'required')
  .superRefine((value, ctx) => {
    const problems = passwordProblems(value);
    if (problems.length) ctx.addIssue({ code: 'custom', message: `needs ${problems.join('; ')}` });
  });

export const loginSchema = z.object({
  username: z.string().trim().min(1, 'required').max(64),
  password: z.string().min(1, 'required').max(256),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'required').max(256),
  newPassword: newPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
