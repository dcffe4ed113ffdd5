/**
 * Roles and what they may do. The compiler checks that every role maps only to
 * known permissions (`satisfies`), and the server refuses to register a route
 * whose declared permission is not in this list.
 */
export const permissions = [
  'org.read',
  'org.manage',
  'user.read',
  'user.manage',
  'audit.read',
  'system.manage',
  'policy.read',
  'policy.manage',
  'household.read', // see files in scope, masked
  'household.manage', // create and edit files, documents, duplicate reviews
  'household.reveal', // reveal one sensitive value with a reason (read log)
  'dictionary.manage', // edit the dictionaries (数据字典)
  'review.manage', // open and close annual review rounds (年度复核) for a subtree
] as const;
export type Permission = (typeof permissions)[number];

export const roles = [
  'system_admin', // 系统管理员
  'federation_admin', // 总工会管理员 (市总/县总)
  'case_worker', // 经办人
  'reviewer', // 审核人
  'helper', // 帮扶联系人
  'auditor', // 审计
] as const;
export type Role = (typeof roles)[number];

export const rolePermissions = {
  system_admin: [
    'org.read',
    'org.manage',
    'user.read',
    'user.manage',
    'audit.read',
    'system.manage',
    'policy.read',
    'policy.manage',
    'household.read',
    'household.manage',
    'household.reveal',
    'dictionary.manage',
    'review.manage',
  ],
  federation_admin: [
    'org.read',
    'org.manage',
    'user.read',
    'user.manage',
    'audit.read',
    'policy.read',
    'policy.manage',
    'household.read',
    'household.manage',
    'household.reveal',
    'dictionary.manage',
    'review.manage',
  ],
  case_worker: [
    'org.read',
    'policy.read',
    'household.read',
    'household.manage',
    'household.reveal',
  ],
  reviewer: ['org.read', 'policy.read', 'household.read', 'household.reveal'],
  helper: ['org.read', 'policy.read', 'household.read'],
  auditor: ['org.read', 'user.read', 'audit.read', 'policy.read', 'household.read'],
} as const satisfies Record<Role, readonly Permission[]>;

export function permissionsOf(userRoles: readonly Role[]): Set<Permission> {
  const result = new Set<Permission>();
  for (const role of userRoles) for (const p of rolePermissions[role]) result.add(p);
  return result;
}

export function hasPermission(userRoles: readonly Role[], permission: Permission): boolean {
  return userRoles.some((role) =>
    (rolePermissions[role] as readonly Permission[]).includes(permission),
  );
}

/** A user may grant only roles they hold themselves. */
export function canGrantRoles(granterRoles: readonly Role[], wanted: readonly Role[]): boolean {
  return wanted.every((r) => granterRoles.includes(r));
}
