import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CopyOutlined, EditOutlined, LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PolicyVersion } from '../../../shared/households/policy';
import type { PolicyVersionRow } from '../../../shared/policy/policy-version-edit';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useLocale } from '../../i18n';
import { useCan, useMe } from '../../session/session';
import { policyManage } from '../../layout/nav';
import { rateState, todayIso } from './policy-api';
import { PolicyVersionForm } from './policy-versions-form';

/** The rules of a version in words, its multipliers spelt out. */
function useRuleTexts() {
  const { t } = useTranslation();
  return (p: PolicyVersion): string[] => {
    const period = p.imputation.isEnabled
      ? t('policy.ruleImputation', { months: String(p.incomePeriodMonths) })
      : t('policy.noImputation', { months: String(p.incomePeriodMonths) });
    if (p.scheme === 'current')
      return [
        t('policy.ruleDeep'),
        t('policy.ruleRelative', { m: String(p.relativeLinePercent / 100) }),
        t('policy.ruleAccident', { pct: String(p.accidentLossPercentOfIncome) }),
        period,
      ];
    return [
      t('policy.ruleDibao', { months: String(p.dibaoMinConsecutiveMonths) }),
      t('policy.ruleEdge', { m: String(p.edgeLinePercent / 100) }),
      t('policy.ruleAccidentLegacy', { m: String(p.accidentLinePercent / 100) }),
      period,
    ];
  };
}

const stateColors = { current: 'green', future: 'blue', expired: 'default' } as const;

/**
 * 识别标准版本: the policy versions and their key multipliers, the one in force
 * today marked. A national administrator copies one into a new version, and
 * edits a version while no assessment used it and it is not yet in force.
 */
export function PolicyVersionsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const can = useCan();
  const me = useMe();
  const ruleTexts = useRuleTexts();
  const [dialog, setDialog] = useState<{ editing: PolicyVersionRow | null } | null>(null);
  const { data, isLoading, reload } = useLoad(
    () => api.get<PolicyVersionRow[]>('/api/policy/versions'),
    [],
  );
  const today = todayIso();
  // Policy versions are national: the server lets only root-node users change them.
  const isNational = me.node.type === 'national';
  const canManage = can(policyManage) && isNational;

  return (
    <Card
      title={t('policy.versions')}
      loading={isLoading}
      data-testid="policy-versions"
      extra={
        canManage &&
        !!data?.length && (
          <Button
            type="primary"
            icon={<CopyOutlined />}
            onClick={() => setDialog({ editing: null })}
            data-testid="policy-version-new"
          >
            {t('policy.versionNew')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('policy.versionsHint')}</Typography.Paragraph>
      {can(policyManage) && (
        <Alert
          type={isNational ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={isNational ? t('policy.versionFrozen') : t('policy.versionNationalOnly')}
        />
      )}
      {!data?.length ? (
        <Empty />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {data.map((row) => {
            const p = row.definition;
            const state = rateState(
              { effectiveFrom: p.effectiveFrom, effectiveTo: p.effectiveTo },
              today,
            );
            return (
              <Descriptions
                key={row.id}
                size="small"
                bordered
                column={1}
                data-testid={`policy-version-${row.id}`}
                title={
                  <Space wrap>
                    <span>{locale === 'zh-CN' ? p.nameZh : p.nameEn || p.nameZh}</span>
                    {row.isInForce ? (
                      <Tag color="green">{t('policy.versionInForce')}</Tag>
                    ) : (
                      <Tag color={stateColors[state]}>{t(`policy.${state}`)}</Tag>
                    )}
                    {row.assessmentCount > 0 && (
                      <Tag>{t('policy.versionUsed', { count: row.assessmentCount })}</Tag>
                    )}
                    <span className="bf-mono bf-muted">{row.id}</span>
                  </Space>
                }
                extra={
                  canManage &&
                  (row.isEditable ? (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setDialog({ editing: row })}
                      aria-label={`${t('policy.versionEdit')} ${row.id}`}
                    >
                      {t('policy.versionEdit')}
                    </Button>
                  ) : (
                    <Tooltip title={t('policy.versionFrozen')}>
                      <LockOutlined className="bf-muted" aria-label={t('policy.versionFrozen')} />
                    </Tooltip>
                  ))
                }
                items={[
                  {
                    key: 'scheme',
                    label: t('assessment.policyVersion'),
                    children: t(`policy.scheme.${row.scheme}`),
                  },
                  {
                    key: 'period',
                    label: t('policy.period'),
                    children: `${p.effectiveFrom} ~ ${p.effectiveTo ?? t('policy.untilNow')}`,
                  },
                  {
                    key: 'rules',
                    label: t('assessment.ruleFired'),
                    children: (
                      <ul className="bf-rule-list">
                        {ruleTexts(p).map((text) => (
                          <li key={text}>{text}</li>
                        ))}
                      </ul>
                    ),
                  },
                ]}
              />
            );
          })}
        </Space>
      )}
      {dialog && data && (
        <PolicyVersionForm
          rows={data}
          editing={dialog.editing}
          onClose={() => setDialog(null)}
          onReload={() => {
            setDialog(null);
            void reload();
          }}
          onSaved={() => {
            setDialog(null);
            void message.success(t('policy.versionSaved'));
            void reload();
          }}
        />
      )}
    </Card>
  );
}
