import { describe, expect, it } from 'vitest';
import {
  canGrantRoles,
  hasPermission,
  permissions,
  permissionsOf,
  rolePermissions,
  roles,
  type Permission,
  type Role,
} from './permissions';

describe('rolePermissions', () => {
  it('gives every role a known, non-empty, duplicate-free list of permissions', () => {
    expect(Object.keys(rolePermissions).sort()).toEqual([...roles].sort());
    for (const role of roles) {
      const list: readonly Permission[] = rolePermissions[role];
      expect(list.length, role).toBeGreaterThan(0);
      expect(new Set(list).size, role).toBe(list.length);
      for (const p of list) expect(permissions, `${role}: ${p}`).toContain(p);
    }
  });

  it('has every permission held by some role, and all of them by the system administrator', () => {
    const held = new Set(roles.flatMap((r) => [...rolePermissions[r]]));
    expect([...held].sort()).toEqual([...permissions].sort());
    expect([...rolePermissions.system_admin].sort()).toEqual([...permissions].sort());
  });

  it('keeps the auditor read-only', () => {
    expect(rolePermissions.auditor.every((p) => p.endsWith('.read'))).toBe(true);
    expect(rolePermissions.auditor).toContain('audit.read');
  });

  it.each([
    ['federation_admin', 'system.manage', false],
    ['federation_admin', 'user.manage', true],
    ['case_worker', 'user.read', false],
    ['case_worker', 'org.read', true],
    ['auditor', 'org.manage', false],
    ['helper', 'audit.read', false],
    ['helper', 'policy.read', true],
    ['case_worker', 'policy.manage', false],
    ['federation_admin', 'policy.manage', true],
    ['helper', 'household.read', true],
    ['helper', 'household.reveal', false],
    ['auditor', 'household.reveal', false],
    ['case_worker', 'household.reveal', true],
    ['reviewer', 'household.manage', false],
  ] as const)('%s holds %s: %s', (role, permission, expected) => {
    expect(hasPermission([role], permission)).toBe(expected);
    expect(permissionsOf([role]).has(permission)).toBe(expected);
  });
});

describe('permissionsOf', () => {
  it('is the union of the roles’ permissions', () => {
    expect([...permissionsOf(['case_worker', 'auditor'])].sort()).toEqual(
      [
        'audit.read',
        'household.manage',
        'household.read',
        'household.reveal',
        'org.read',
        'policy.read',
        'user.read',
      ].sort(),
    );
    expect(permissionsOf([]).size).toBe(0);
  });
});

describe('canGrantRoles', () => {
  it.each<[Role[], Role[], boolean]>([
    [['federation_admin'], ['federation_admin'], true],
    [['federation_admin'], ['case_worker'], false],
    [['federation_admin', 'case_worker'], ['case_worker'], true],
    [['federation_admin', 'case_worker'], ['case_worker', 'auditor'], false],
    [['system_admin'], ['federation_admin'], false],
    [[...roles], [...roles], true],
    [['auditor'], [], true],
  ])('%j may grant %j: %s', (granter, wanted, expected) => {
    expect(canGrantRoles(granter, wanted)).toBe(expected);
  });
});
