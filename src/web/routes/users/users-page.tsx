import { useState } from 'react';
import { App, Button, Card, Form, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import {
  EditOutlined,
  KeyOutlined,
  LockOutlined,
  PlusOutlined,
  ReloadOutlined,
  SearchOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { canGrantRoles, roles as allRoles, type Role } from '../../../shared/permissions';
import type { User } from '../../../shared/users/user';
import { api } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { useKeysetList } from '../../api/use-keyset-list';
import { useLabels } from '../../i18n';
import { useCan, useMe } from '../../session/session';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { UserFormModal } from './user-form-modal';
import { ResetPasswordModal } from './reset-password-modal';

type Filter = { nodeId?: number; q?: string; role?: Role };
type Dialog =
  { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'reset'; user: User } | null;

const pageSize = 20;

/** 用户管理: users at or below the signed-in user's node. */
export default function UsersPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useMe();
  const can = useCan();
  const report = useReportError();
  const { message, modal } = App.useApp();
  const [filterForm] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [dialog, setDialog] = useState<Dialog>(null);
  const { items, setItems, cursor, isLoading, load } = useKeysetList<User>(
    '/api/users',
    filter,
    'after',
    pageSize,
  );

  const canManage = can('user.manage');
  /** A user holding a role the signed-in user lacks is out of reach (the server says so too). */
  const isManageable = (user: User) => canManage && canGrantRoles(me.roles, user.roles);

  const replace = (user: User) =>
    setItems((current) => current.map((u) => (u.id === user.id ? user : u)));

  const unlock = (user: User) =>
    modal.confirm({
      title: t('users.unlockConfirm', { name: user.displayName }),
      okText: t('users.unlock'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          replace(await api.post<User>(`/api/users/${user.id}/unlock`));
          void message.success(t('users.unlocked'));
        } catch (error) {
          report(error);
        }
      },
    });

  const isLocked = (user: User) =>
    user.lockedUntil !== null && dayjs(user.lockedUntil).isAfter(dayjs());

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card className="bf-filter-card">
        <Form
          form={filterForm}
          layout="inline"
          onFinish={(values) =>
            setFilter({
              nodeId: values.nodeId,
              q: values.q?.trim() || undefined,
              role: values.role,
            })
          }
          style={{ rowGap: 12 }}
        >
          <Form.Item name="nodeId" label={t('users.node')}>
            <OrgTreeSelect
              allowClear
              includeInactive
              placeholder={t('users.nodePlaceholder')}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item name="q" label={t('users.keyword')}>
            <Input allowClear placeholder={t('users.keywordPlaceholder')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')}>
            <Select
              allowClear
              placeholder={t('users.rolePlaceholder')}
              style={{ width: 160 }}
              options={allRoles.map((role) => ({ value: role, label: labels.role(role) }))}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button
                icon={<ReloadOutlined />}
                onClick={() => {
                  filterForm.resetFields();
                  setFilter({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      <Card>
        <div className="bf-toolbar">
          <Space>
            {canManage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog({ kind: 'create' })}
              >
                {t('users.create')}
              </Button>
            )}
          </Space>
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void load(null)}
              aria-label={t('common.refresh')}
            />
          </Tooltip>
        </div>
        <Table<User>
          rowKey="id"
          size="small"
          loading={isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('users.empty') }}
          columns={[
            {
              title: t('users.username'),
              dataIndex: 'username',
              render: (v: string, u) => (
                <Space size={4}>
                  <span className="bf-mono" style={{ fontSize: 13 }}>
                    {v}
                  </span>
                  {u.id === me.userId && <Tag color="gold">{t('users.self')}</Tag>}
                </Space>
              ),
            },
            { title: t('users.displayName'), dataIndex: 'displayName' },
            {
              title: t('users.phone'),
              dataIndex: 'phone',
              render: (v: string | null) => v ?? t('common.none'),
            },
            { title: t('users.node'), dataIndex: 'nodeName' },
            {
              title: t('users.roles'),
              dataIndex: 'roles',
              width: 190,
              render: (roles: Role[]) => (
                <Space size={[4, 4]} wrap>
                  {roles.map((r) => (
                    <Tag key={r} color={r === 'system_admin' ? 'red' : 'blue'}>
                      {labels.role(r)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('users.status'),
              key: 'status',
              width: 150,
              render: (_, u) => (
                <Space size={[4, 4]} wrap>
                  {u.isActive ? (
                    <Tag color="success">{t('users.active')}</Tag>
                  ) : (
                    <Tag>{t('users.inactive')}</Tag>
                  )}
                  {isLocked(u) && (
                    <Tooltip
                      title={t('users.lockedUntil', {
                        time: dayjs(u.lockedUntil).format('YYYY-MM-DD HH:mm'),
                      })}
                    >
                      <Tag color="error" icon={<LockOutlined />} data-testid="locked-tag">
                        {t('users.locked')}
                      </Tag>
                    </Tooltip>
                  )}
                  {u.mustChangePassword && <Tag color="warning">{t('users.mustChange')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('users.lastLogin'),
              dataIndex: 'lastLoginAt',
              render: (v: string | null) =>
                v ? (
                  dayjs(v).format('YYYY-MM-DD HH:mm')
                ) : (
                  <span className="bf-muted">{t('users.neverLoggedIn')}</span>
                ),
            },
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, u: User) => {
                      const isAllowed = isManageable(u);
                      const why = isAllowed ? undefined : t('issue.targetHoldsRole');
                      return (
                        <Space size={0} wrap={false}>
                          <Tooltip title={why}>
                            <Button
                              type="link"
                              size="small"
                              icon={<EditOutlined />}
                              disabled={!isAllowed}
                              onClick={() => setDialog({ kind: 'edit', user: u })}
                            >
                              {t('users.edit')}
                            </Button>
                          </Tooltip>
                          <Tooltip title={why}>
                            <Button
                              type="link"
                              size="small"
                              icon={<KeyOutlined />}
                              disabled={!isAllowed}
                              onClick={() => setDialog({ kind: 'reset', user: u })}
                            >
                              {t('users.resetPassword')}
                            </Button>
                          </Tooltip>
                          {isLocked(u) && (
                            <Button
                              type="link"
                              size="small"
                              icon={<UnlockOutlined />}
                              disabled={!isAllowed}
                              onClick={() => unlock(u)}
                            >
                              {t('users.unlock')}
                            </Button>
                          )}
                        </Space>
                      );
                    },
                  },
                ]
              : []),
          ]}
        />
        <div className="bf-load-more">
          <span>{t('common.loaded', { count: items.length })}</span>
          {cursor !== null ? (
            <Button size="small" loading={isLoading} onClick={() => void load(cursor)}>
              {t('common.loadMore')}
            </Button>
          ) : (
            items.length > 0 && <span>· {t('common.noMore')}</span>
          )}
        </div>
      </Card>

      {dialog?.kind === 'create' && (
        <UserFormModal
          mode="create"
          defaultNodeId={filter.nodeId ?? me.node.id}
          onClose={() => setDialog(null)}
          onSaved={(user) => {
            setDialog(null);
            void message.success(t('users.created', { name: user.displayName }));
            setItems((current) => [user, ...current.filter((u) => u.id !== user.id)]);
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <UserFormModal
          mode="edit"
          user={dialog.user}
          onClose={() => setDialog(null)}
          onReload={() => {
            setDialog(null);
            void load(null);
          }}
          onSaved={(user) => {
            setDialog(null);
            void message.success(t('users.updated'));
            replace(user);
          }}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordModal
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void message.success(t('users.passwordReset'));
            void load(null);
          }}
        />
      )}
    </Space>
  );
}
