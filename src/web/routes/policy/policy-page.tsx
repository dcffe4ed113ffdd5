import { useState } from 'react';
import { App, Button, Card, Form, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { CalculatorOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../shared/households/assessment';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { RegionCascader } from '../../components/region-cascader';
import { useCan } from '../../session/session';
import { policyManage } from '../../layout/nav';
import {
  rateKinds,
  rateState,
  regionPrefix,
  todayIso,
  type Rate,
  type RateKind,
} from './policy-api';
import { RateFormModal } from './rate-form-modal';
import { PolicyVersionsPanel } from './policy-versions';
import { PolicyImpactDrawer } from './policy-impact-drawer';

const stateColors = { current: 'green', future: 'blue', expired: 'default' } as const;

/** 低保标准与最低工资: the dated lines per region, and the policy versions (read-only). */
export default function PolicyPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const [kind, setKind] = useState<RateKind>('dibao');
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ rate: Rate | null } | null>(null);
  const [isImpactOpen, setImpactOpen] = useState(false);
  const canManage = can(policyManage);
  const today = todayIso();

  const { data, isLoading, reload } = useLoad(
    () => api.get<Rate[]>('/api/policy/rates', { kind, regionCode: regionPrefix(regionCode) }),
    [kind, regionCode],
  );
  const rates = [...(data ?? [])].sort(
    (a, b) =>
      a.regionCode.localeCompare(b.regionCode) || b.effectiveFrom.localeCompare(a.effectiveFrom),
  );
  const current = rates.filter((r) => rateState(r, today) === 'current');
  const kindLabel = (k: RateKind) => (k === 'dibao' ? t('policy.dibao') : t('policy.minimumWage'));

  const table = (
    <Table<Rate>
      rowKey="id"
      size="small"
      loading={isLoading}
      dataSource={rates}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('policy.empty') }}
      rowClassName={(r) => (rateState(r, today) === 'current' ? 'bf-row-current' : '')}
      columns={[
        {
          title: t('policy.region'),
          dataIndex: 'regionCode',
          render: (code: string, r) => (
            <Space size={6}>
              <span>{r.regionName ?? code}</span>
              <span className="bf-mono bf-muted">{code}</span>
            </Space>
          ),
        },
        {
          title: t('policy.monthly'),
          dataIndex: 'monthlyFen',
          align: 'right',
          render: (fen: number) => <strong className="bf-mono">¥{formatYuan(fen)}</strong>,
        },
        {
          title: t('policy.period'),
          key: 'period',
          render: (_, r) => `${r.effectiveFrom} ~ ${r.effectiveTo ?? t('policy.untilNow')}`,
        },
        {
          title: t('policy.state'),
          key: 'state',
          render: (_, r) => {
            const state = rateState(r, today);
            return <Tag color={stateColors[state]}>{t(`policy.${state}`)}</Tag>;
          },
        },
        {
          title: t('policy.note'),
          dataIndex: 'note',
          render: (v: string | null) => v || t('common.none'),
        },
        ...(canManage
          ? [
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_: unknown, r: Rate) => (
                  <Button
                    type="link"
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setDialog({ rate: r })}
                  >
                    {t('common.edit')}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card className="bf-filter-card">
        <Form layout="inline">
          <Form.Item label={t('policy.region')}>
            <div style={{ width: 280 }}>
              <RegionCascader
                value={regionCode}
                onChange={setRegionCode}
                placeholder={t('policy.regionPlaceholder')}
              />
            </div>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <Tabs
          activeKey={kind}
          onChange={(key) => setKind(key as RateKind)}
          items={rateKinds.map((k) => ({ key: k, label: kindLabel(k) }))}
          tabBarExtraContent={
            <Space>
              {canManage && can('household.read') && (
                <Button
                  icon={<CalculatorOutlined />}
                  onClick={() => setImpactOpen(true)}
                  data-testid="open-impact"
                >
                  {t('impact.open')}
                </Button>
              )}
              {canManage && (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setDialog({ rate: null })}
                >
                  {t('policy.create')}
                </Button>
              )}
              <Tooltip title={t('common.refresh')}>
                <Button
                  icon={<ReloadOutlined />}
                  onClick={() => void reload()}
                  aria-label={t('common.refresh')}
                />
              </Tooltip>
            </Space>
          }
        />
        <div className="bf-current-lines" data-testid="current-lines">
          <Typography.Text strong>{t('policy.currentLines')}</Typography.Text>
          {t('common.colon')}
          {current.length === 0 ? (
            <Typography.Text type="secondary">{t('policy.noCurrent')}</Typography.Text>
          ) : (
            current.map((r) => (
              <Tag key={r.id} color="green" className="bf-current-line">
                {r.regionName ?? r.regionCode}
                {t('common.colon')}¥{formatYuan(r.monthlyFen)}
              </Tag>
            ))
          )}
        </div>
        {table}
      </Card>
      <PolicyVersionsPanel />
      {isImpactOpen && (
        <PolicyImpactDrawer
          kind={kind}
          onClose={() => setImpactOpen(false)}
          onApplied={() => void reload()}
        />
      )}
      {dialog && (
        <RateFormModal
          kind={kind}
          rate={dialog.rate}
          onClose={() => setDialog(null)}
          onReload={() => {
            setDialog(null);
            void reload();
          }}
          onSaved={() => {
            setDialog(null);
            void message.success(t('policy.saved'));
            void reload();
          }}
        />
      )}
    </Space>
  );
}
