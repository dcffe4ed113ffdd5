import { Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PolicyVersion } from '../../../shared/households/policy';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useLocale } from '../../i18n';
import { rateState, todayIso, type PolicyVersionRow } from './policy-api';

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

/** 识别标准版本: read-only list of the policy versions and their key multipliers. */
export function PolicyVersionsPanel() {
  const { t } = useTranslation();
  const locale = useLocale();
  const ruleTexts = useRuleTexts();
  const { data, isLoading } = useLoad(
    () => api.get<PolicyVersionRow[]>('/api/policy/versions'),
    [],
  );
  const today = todayIso();

  return (
    <Card title={t('policy.versions')} loading={isLoading} data-testid="policy-versions">
      <Typography.Paragraph type="secondary">{t('policy.versionsHint')}</Typography.Paragraph>
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
                title={
                  <Space>
                    <span>{locale === 'zh-CN' ? p.nameZh : p.nameEn || p.nameZh}</span>
                    <Tag color={state === 'current' ? 'green' : 'default'}>
                      {t(`policy.${state}`)}
                    </Tag>
                    <span className="bf-mono bf-muted">{row.id}</span>
                  </Space>
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
    </Card>
  );
}
