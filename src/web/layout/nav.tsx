import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  DashboardOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '../../shared/permissions';

export type NavKey = 'home' | 'orgs' | 'users' | 'audit' | 'account';

/**
 * The side menu. Each item names the permission (src/shared/permissions.ts)
 * that its screen's API calls need: a user sees only what they can open.
 */
export const navItems: { key: NavKey; path: string; icon: ReactNode; permission?: Permission }[] = [
  { key: 'home', path: '/', icon: <DashboardOutlined /> },
  { key: 'orgs', path: '/orgs', icon: <ApartmentOutlined />, permission: 'org.read' },
  { key: 'users', path: '/users', icon: <TeamOutlined />, permission: 'user.read' },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, permission: 'audit.read' },
  { key: 'account', path: '/account', icon: <UserOutlined /> },
];

export function navItemOf(pathname: string) {
  return navItems.find((item) =>
    item.path === '/' ? pathname === '/' : pathname.startsWith(item.path),
  );
}
