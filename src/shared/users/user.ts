import { z } from 'zod';
import { roles } from '../permissions';
import { newPasswordSchema } from '../auth/password-policy';

export const roleLabels = {
  system_admin: '系统管理员',
  federation_admin: '总工会管理员',
  case_worker: '经办人',
  reviewer: '审核人',
  helper: '帮扶联系人',
  auditor: '审计员',
} as const;

export const usernameSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_.-]{2,31}$/,
    'lower-case letters, digits, _ . -; 3 to 32, starting with a letter',
  );

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1, 'required').max(50),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '11-digit mobile number')
    .nullable()
    .optional(),
  nodeId: z.number().int().positive(),
  roles: z.array(z.enum(roles)).min(1, 'at least one role'),
  /** Initial password; the user must change it at first login. */
  password: newPasswordSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  displayName: z.string().trim().min(1).max(50).optional(),
  phone: createUserSchema.shape.phone,
  nodeId: z.number().int().positive().optional(),
  roles: z.array(z.enum(roles)).min(1, 'at least one role').optional(),
  isActive: z.boolean().optional(),
  version: z.number().int().nonnegative(),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const resetUserPasswordSchema = z.object({ password: newPasswordSchema });

export const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  nodeId: z.number(),
  nodeName: z.string(),
  roles: z.array(z.enum(roles)),
  isActive: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;
