import { Descriptions, Table, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { FieldChange } from '../../../shared/audit/audit-event';
import type { AuditItem } from '../../api/types';
import { useLabels, type Labels } from '../../i18n';

/** A recorded value as a reader expects it: labels for codes, 是/否 for flags. */
function formatValue(
  field: string,
  value: unknown,
  labels: Labels,
  yes: string,
  no: string,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  if (field === 'roles' && Array.isArray(value))
    return value.map((r) => labels.role(String(r))).join('、');
  if (field === 'type' && typeof value === 'string') return labels.orgType(value);
  if (field === 'lockedUntil' && typeof value === 'string')
    return dayjs(value).format('YYYY-MM-DD HH:mm');
  if (typeof value === 'string') return labels.auditValue(value) ?? value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** The expanded row: what changed field by field, the event's details, where it came from. */
export function AuditRecordDetails({ item }: { item: AuditItem }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const format = (field: string, value: unknown) =>
    formatValue(field, value, labels, t('common.yes'), t('common.no'));
  const details = Object.entries(item.details ?? {});

  return (
    <div className="bf-audit-expanded" data-testid={`audit-details-${item.id}`}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        styles={{ content: { minWidth: 0 } }}
        items={[
          {
            key: 'at',
            label: t('audit.at'),
            children: dayjs(item.at).format('YYYY-MM-DD HH:mm:ss.SSS'),
          },
          { key: 'ip', label: t('audit.ip'), children: item.ip ?? t('common.none') },
          {
            key: 'requestId',
            label: t('audit.requestId'),
            children: item.requestId ? (
              <Typography.Text copyable className="bf-mono">
                {item.requestId}
              </Typography.Text>
            ) : (
              t('common.none')
            ),
          },
          ...details.map(([key, value]) => ({
            key: `d-${key}`,
            label: labels.auditField(key),
            children: format(key, value),
          })),
        ]}
      />
      <div style={{ margin: '8px 0 6px', fontWeight: 600 }}>{t('audit.changes')}</div>
      <Table<FieldChange>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={item.changes}
        locale={{ emptyText: t('audit.noChanges') }}
        style={{ maxWidth: 860 }}
        columns={[
          {
            title: t('audit.field'),
            dataIndex: 'field',
            width: 160,
            render: (f: string) => labels.auditField(f),
          },
          {
            title: t('audit.before'),
            dataIndex: 'before',
            render: (v: unknown, c) => (
              <span className="bf-change-before">{format(c.field, v)}</span>
            ),
          },
          {
            title: '',
            key: 'arrow',
            width: 36,
            render: () => <ArrowRightOutlined className="bf-muted" />,
          },
          {
            title: t('audit.after'),
            dataIndex: 'after',
            render: (v: unknown, c) => (
              <span className="bf-change-after">{format(c.field, v)}</span>
            ),
          },
        ]}
      />
    </div>
  );
}
