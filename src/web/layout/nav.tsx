import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  CalculatorOutlined,
  DashboardOutlined,
  DiffOutlined,
  FileAddOutlined,
  FileZipOutlined,
  CloudUploadOutlined,
  SwapOutlined,
  ExportOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  IdcardOutlined,
  NotificationOutlined,
  NodeIndexOutlined,
  FolderOpenOutlined,
  PhoneOutlined,
  TeamOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { Permission } from '../../shared/permissions';
import { InboxNavIcon } from '../routes/cases/inbox-badge';

export type NavKey =
  | 'home'
  | 'inbox'
  | 'orgs'
  | 'users'
  | 'households'
  | 'duplicates'
  | 'notices'
  | 'cardLookup'
  | 'workflowConfig'
  | 'imports'
  | 'registry'
  | 'exchange'
  | 'transfers'
  | 'reports'
  | 'exits'
  | 'followUps'
  | 'relapseWatch'
  | 'reviews'
  | 'audit'
  | 'policy'
  | 'assessment'
  | 'dictionaries'
  | 'account';

/** Menu groups: a group shows as a sub-menu holding its items. */
export type NavGroup = 'filesGroup' | 'dynamicGroup' | 'policyGroup';

// Permissions of the policy screens (src/shared/permissions.ts).
export const policyRead: Permission = 'policy.read';
export const policyManage: Permission = 'policy.manage';

/**
 * The side menu. Each item names the permission (src/shared/permissions.ts)
 * that its screen's API calls need: a user sees only what they can open.
 */
export const navItems: {
  key: NavKey;
  path: string;
  icon: ReactNode;
  permission?: Permission;
  group?: NavGroup;
}[] = [
  { key: 'home', path: '/', icon: <DashboardOutlined /> },
  // 待办事项: the icon carries the count of waiting cases (GET /api/inbox).
  { key: 'inbox', path: '/inbox', icon: <InboxNavIcon />, permission: 'household.read' },
  {
    key: 'households',
    path: '/households',
    icon: <FolderOpenOutlined />,
    permission: 'household.read',
    group: 'filesGroup',
  },
  {
    key: 'duplicates',
    path: '/households/duplicates',
    icon: <DiffOutlined />,
    permission: 'household.read',
    group: 'filesGroup',
  },
  // 批量导入 (docs/imports.md).
  {
    key: 'imports',
    path: '/imports',
    icon: <FileAddOutlined />,
    permission: 'household.manage',
    group: 'filesGroup',
  },
  // 数据比对 (docs/registry-matching.md).
  {
    key: 'registry',
    path: '/registry',
    icon: <DiffOutlined />,
    permission: 'household.read',
    group: 'filesGroup',
  },
  // 数据交换: the household archive exchange file (docs/exchange-format.md);
  // import on the screen needs household.manage as well.
  {
    key: 'exchange',
    path: '/exchange',
    icon: <FileZipOutlined />,
    permission: 'household.reveal',
    group: 'filesGroup',
  },
  // 年度复核 (docs/reviews.md).
  {
    key: 'reviews',
    path: '/reviews',
    icon: <FileSearchOutlined />,
    permission: 'household.read',
    group: 'dynamicGroup',
  },
  // 转移管理, 逐级上报 (docs/transfers-and-reporting.md).
  {
    key: 'transfers',
    path: '/transfers',
    icon: <SwapOutlined />,
    permission: 'household.read',
    group: 'dynamicGroup',
  },
  {
    key: 'reports',
    path: '/reports',
    icon: <CloudUploadOutlined />,
    permission: 'household.read',
    group: 'dynamicGroup',
  },
  // 公示管理 and 职工卡查验 (docs/notices-and-cards.md).
  {
    key: 'notices',
    path: '/notices',
    icon: <NotificationOutlined />,
    permission: 'household.read',
    group: 'filesGroup',
  },
  {
    key: 'cardLookup',
    path: '/cards/lookup',
    icon: <IdcardOutlined />,
    permission: 'household.read',
    group: 'filesGroup',
  },
  // 退出管理, 回访计划, 返困监测 (docs/exits.md).
  {
    key: 'exits',
    path: '/exits',
    icon: <ExportOutlined />,
    permission: 'household.read',
    group: 'dynamicGroup',
  },
  {
    key: 'followUps',
    path: '/follow-ups',
    icon: <PhoneOutlined />,
    permission: 'household.read',
    group: 'dynamicGroup',
  },
  {
    key: 'relapseWatch',
    path: '/relapse-watch',
    icon: <WarningOutlined />,
    permission: 'household.read',
    group: 'dynamicGroup',
  },
  { key: 'orgs', path: '/orgs', icon: <ApartmentOutlined />, permission: 'org.read' },
  { key: 'users', path: '/users', icon: <TeamOutlined />, permission: 'user.read' },
  {
    key: 'policy',
    path: '/policy/rates',
    icon: <FileTextOutlined />,
    permission: policyRead,
    group: 'policyGroup',
  },
  {
    key: 'assessment',
    path: '/policy/assessment',
    icon: <CalculatorOutlined />,
    permission: policyRead,
    group: 'policyGroup',
  },
  {
    key: 'workflowConfig',
    path: '/policy/workflow',
    icon: <NodeIndexOutlined />,
    permission: policyRead,
    group: 'policyGroup',
  },
  {
    key: 'dictionaries',
    path: '/dictionaries',
    icon: <BookOutlined />,
    permission: policyRead,
    group: 'policyGroup',
  },
  // 年度复核: rounds the user takes part in; opening one needs review.manage.
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, permission: 'audit.read' },
  { key: 'account', path: '/account', icon: <UserOutlined /> },
];

export function navItemOf(pathname: string) {
  // The longest matching path: /households/duplicates is not /households.
  return navItems
    .filter((item) => (item.path === '/' ? pathname === '/' : pathname.startsWith(item.path)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
