import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { App, Avatar, Breadcrumb, Button, Dropdown, Layout, Menu, Tooltip } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApartmentOutlined,
  HomeOutlined,
  FileProtectOutlined,
  FolderOpenOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SyncOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useCan, useMe, useSession } from '../session/session';
import { useLabels } from '../i18n';
import { BrandMark } from '../components/brand';
import { LangSwitch } from '../components/lang-switch';
import { FullPageSpin } from '../components/status';
import { navItemOf, navItems, type NavGroup } from './nav';

const { Header, Sider, Content, Footer } = Layout;
const collapsedKey = 'bangfu.siderCollapsed';

/** The frame of every signed-in screen: brand bar, permission-filtered menu, breadcrumbs. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const labels = useLabels();
  const { signOut } = useSession();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(collapsedKey) === '1');

  const visible = navItems.filter((item) => !item.permission || can(item.permission));
  const current = navItemOf(location.pathname);
  const groupIcons: Record<NavGroup, ReactNode> = {
    filesGroup: <FolderOpenOutlined />,
    dynamicGroup: <SyncOutlined />,
    policyGroup: <FileProtectOutlined />,
  };
  type MenuItem = NonNullable<MenuProps['items']>[number];
  const menuItems: MenuItem[] = [];
  for (const item of visible) {
    const entry = {
      key: item.key,
      icon: item.icon,
      label: <Link to={item.path}>{t(`nav.${item.key}`)}</Link>,
    };
    if (!item.group) {
      menuItems.push(entry);
      continue;
    }
    const group = item.group;
    const existing = menuItems.find((m) => m?.key === group);
    if (existing && 'children' in existing && existing.children) existing.children.push(entry);
    else
      menuItems.push({
        key: group,
        icon: groupIcons[group],
        label: t(`nav.${group}`),
        children: [entry],
      });
  }

  useEffect(() => {
    const page = current ? t(`nav.${current.key}`) : t('notFound.title');
    document.title = `${page} - ${t('app.title')}`;
  }, [current, t]);

  const toggle = () => {
    setCollapsed((value) => {
      localStorage.setItem(collapsedKey, value ? '0' : '1');
      return !value;
    });
  };

  const logout = async () => {
    await signOut();
    void message.success(t('header.loggedOut'));
  };

  return (
    <Layout className="bf-shell">
      <Header className="bf-header">
        <Link to="/" className="bf-brand">
          <BrandMark size={34} />
          <span className="bf-brand-name">{t('app.name')}</span>
          <span className="bf-brand-dot">·</span>
          <span className="bf-brand-full">{t('app.fullName')}</span>
        </Link>
        <div className="bf-header-right">
          <Tooltip title={`${t('header.node')}${t('common.colon')}${labels.orgType(me.node.type)}`}>
            <span className="bf-header-item bf-header-node" data-testid="header-node">
              <ApartmentOutlined /> {me.node.name}
            </span>
          </Tooltip>
          <LangSwitch className="bf-header-item" />
          <Dropdown
            menu={{
              items: [
                {
                  key: 'account',
                  icon: <UserOutlined />,
                  label: t('header.account'),
                  onClick: () => void navigate('/account'),
                },
                { type: 'divider' },
                {
                  key: 'logout',
                  icon: <LogoutOutlined />,
                  label: t('header.logout'),
                  onClick: () => void logout(),
                },
              ],
            }}
          >
            <span className="bf-header-item bf-header-user" data-testid="user-menu">
              <Avatar size={28} className="bf-avatar">
                {me.displayName.slice(0, 1)}
              </Avatar>
              <span>{me.displayName}</span>
            </span>
          </Dropdown>
        </div>
      </Header>
      <Layout>
        <Sider
          className="bf-sider"
          width={212}
          collapsedWidth={60}
          collapsed={collapsed}
          trigger={null}
          theme="light"
        >
          <Menu
            mode="inline"
            className="bf-menu"
            selectedKeys={current ? [current.key] : []}
            defaultOpenKeys={['filesGroup', 'dynamicGroup', 'policyGroup']}
            items={menuItems}
          />
        </Sider>
        <Layout className="bf-main">
          <div className="bf-navbar">
            <Button
              type="text"
              size="small"
              className="bf-collapse"
              aria-label={collapsed ? t('header.expand') : t('header.collapse')}
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={toggle}
            />
            <Breadcrumb
              items={[
                {
                  title: (
                    <Link to="/">
                      {<HomeOutlined />} {t('nav.home')}
                    </Link>
                  ),
                },
                ...(current?.group ? [{ title: t(`nav.${current.group}`) }] : []),
                ...(current && current.key !== 'home' ? [{ title: t(`nav.${current.key}`) }] : []),
              ]}
            />
          </div>
          <Content className="bf-content">
            <Suspense fallback={<FullPageSpin inline />}>
              <Outlet />
            </Suspense>
          </Content>
          <Footer className="bf-footer">
            {t('app.copyright', { year: String(new Date().getFullYear()) })}
          </Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
