import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import { ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  auditActions,
  auditEntityTypes,
  auditQuerySchema,
  type AuditEntityType,
} from '../../../shared/audit/audit-event';
import type { AuditItem } from '../../api/types';
import { useKeysetList } from '../../api/use-keyset-list';
import { useLabels } from '../../i18n';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { AuditRecordDetails } from './audit-record-details';

type FilterValues = {
  userId?: number | null;
  nodeId?: number;
  entityType?: AuditEntityType;
  action?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
};

const pageSize = 30;
const actionGroups = ['auth', 'org', 'user'] as const;

export function actionColor(action: string): string {
  if (action.endsWith('failed')) return 'error';
  if (action.startsWith('auth.')) return 'default';
  if (action.endsWith('deactivated') || action.endsWith('password_reset')) return 'warning';
  if (action.endsWith('created') || action.endsWith('imported')) return 'success';
  return 'processing';
}

/** 审计日志: read-only, newest first, within the signed-in user's subtree. */
export default function AuditPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const [form] = Form.useForm<FilterValues>();
  const [query, setQuery] = useState<Record<string, string | number | undefined>>({});
  const { items, cursor, isLoading, load } = useKeysetList<AuditItem>(
    '/api/audit',
    query,
    'before',
    pageSize,
  );

  const search = (values: FilterValues) => {
    const [from, to] = values.dates ?? [null, null];
    const next = {
      userId: values.userId ?? undefined,
      nodeId: values.nodeId,
      entityType: values.entityType,
      action: values.action,
      from: from?.format('YYYY-MM-DD'),
      to: to?.format('YYYY-MM-DD'),
    };
    // The same schema the server applies: a bad filter is caught here first.
    const checked = auditQuerySchema.safeParse(next);
    if (!checked.success) return;
    setQuery(next);
  };

  const actionOptions = actionGroups.map((group) => ({
    label: t(`audit.groups.${group}`),
    options: [
      { value: `${group}.`, label: t('audit.allOf', { group: t(`audit.groups.${group}`) }) },
      ...auditActions
        .filter((a) => a.startsWith(`${group}.`))
        .map((a) => ({ value: a, label: labels.action(a) })),
    ],
  }));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card className="bf-filter-card">
        <Form form={form} layout="inline" onFinish={search} style={{ rowGap: 12 }}>
          <Form.Item name="userId" label={t('audit.userId')}>
            <InputNumber
              min={1}
              precision={0}
              placeholder={t('audit.userIdPlaceholder')}
              style={{ width: 110 }}
            />
          </Form.Item>
          <Form.Item name="nodeId" label={t('audit.node')}>
            <OrgTreeSelect
              allowClear
              includeInactive
              placeholder={t('common.all')}
              style={{ width: 220 }}
            />
          </Form.Item>
          <Form.Item name="entityType" label={t('audit.entityType')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 120 }}
              options={auditEntityTypes.map((e) => ({ value: e, label: labels.entityType(e) }))}
            />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Select
              allowClear
              placeholder={t('audit.actionPlaceholder')}
              style={{ width: 180 }}
              options={actionOptions}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
          <Form.Item name="dates" label={t('audit.dateRange')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 250 }} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button
                icon={<ReloadOutlined />}
                onClick={() => {
                  form.resetFields();
                  setQuery({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      <Card>
        <Alert
          type="info"
          showIcon
          icon={<SafetyCertificateOutlined />}
          title={t('audit.readOnly')}
          style={{ marginBottom: 12 }}
          banner
        />
        <Table<AuditItem>
          rowKey="id"
          size="small"
          loading={isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 1100 }}
          expandable={{
            expandedRowRender: (item) => <AuditRecordDetails item={item} />,
          }}
          columns={[
            {
              title: t('audit.at'),
              dataIndex: 'at',
              width: 170,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
            },
            {
              title: t('audit.actor'),
              key: 'actor',
              width: 150,
              render: (_, item) =>
                item.actorUsername ? (
                  <span>
                    {item.actorUsername}
                    <span className="bf-muted"> #{item.actorUserId}</span>
                  </span>
                ) : (
                  <span className="bf-muted">{t('audit.system')}</span>
                ),
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 130,
              render: (v: string) => <Tag color={actionColor(v)}>{labels.action(v)}</Tag>,
            },
            {
              title: t('audit.entity'),
              key: 'entity',
              width: 120,
              render: (_, item) => (
                <span>
                  {labels.entityType(item.entityType)}
                  {item.entityId !== null && <span className="bf-muted"> #{item.entityId}</span>}
                </span>
              ),
            },
            {
              title: t('audit.node'),
              dataIndex: 'nodeName',
              ellipsis: true,
              render: (v: string | null) => v ?? t('common.none'),
            },
            {
              title: t('audit.changes'),
              key: 'changes',
              width: 90,
              align: 'center',
              render: (_, item) => (item.changes.length ? item.changes.length : t('common.none')),
            },
            {
              title: t('audit.ip'),
              dataIndex: 'ip',
              width: 130,
              render: (v: string | null) => v ?? t('common.none'),
            },
            {
              title: t('audit.requestId'),
              dataIndex: 'requestId',
              width: 110,
              render: (v: string | null) =>
                v ? (
                  <Tooltip title={v}>
                    <span className="bf-mono">{v.slice(0, 8)}</span>
                  </Tooltip>
                ) : (
                  t('common.none')
                ),
            },
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
    </Space>
  );
}
