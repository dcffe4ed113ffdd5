import { Alert, Card, Col, Descriptions, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYuan, type AssessmentResult } from '../../../shared/households/assessment';
import { hardshipCategoryLabels, type HardshipCategory } from '../../../shared/households/policy';
import { useLocale } from '../../i18n';
import { ExclusionTable, TraceView } from './trace-view';

const categoryColors: Record<HardshipCategory, string> = {
  deep: 'red',
  relative: 'orange',
  accident: 'purple',
  dibao: 'red',
  dibao_edge: 'orange',
  accident_legacy: 'purple',
};

/** The relative threshold of the current scheme, from the trace (shown even when not eligible). */
function thresholdOf(result: AssessmentResult): number | null {
  if (result.thresholdFen !== null) return result.thresholdFen;
  const relative = result.trace.find(
    (s) =>
      s.kind === 'rule' && (s.ruleId === 'current.relative' || s.ruleId === 'legacy.dibao_edge'),
  );
  return relative?.kind === 'rule' ? relative.thresholdFen : null;
}

/** 测算结果: the category, the figures against the line, the rule, the exclusions, the trace. */
export function AssessmentResultView({ result }: { result: AssessmentResult }) {
  const { t } = useTranslation();
  const zh = useLocale() === 'zh-CN';
  const category = result.category;
  const threshold = thresholdOf(result);
  const lines = result.lines;

  return (
    <div data-testid="assessment-result">
      <Card className="bf-result-head">
        <div className="bf-result-category">
          <Tag
            color={category ? categoryColors[category] : 'default'}
            className="bf-category-tag"
            data-testid="result-category"
          >
            {category
              ? zh
                ? hardshipCategoryLabels[category].zh
                : hardshipCategoryLabels[category].en
              : t('assessment.notEligible')}
          </Tag>
          {result.provisional && <Tag color="gold">{t('assessment.provisional')}</Tag>}
        </div>
        <Row gutter={16} style={{ marginTop: 16 }}>
          <Col xs={12} md={6}>
            <Statistic
              title={t('assessment.perCapita')}
              prefix="¥"
              value={formatYuan(result.perCapitaMonthlyFen)}
              styles={{ content: { color: category ? '#cf1322' : undefined } }}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('assessment.line')}
              prefix="¥"
              value={formatYuan(lines.dibaoMonthlyFen)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={`${t('assessment.threshold')}${result.multiplier !== null ? ` (${result.multiplier}×)` : ''}`}
              prefix={threshold === null ? undefined : '¥'}
              value={threshold === null ? '—' : formatYuan(threshold)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('assessment.householdSize')}
              value={t('assessment.persons', { count: result.householdSize })}
            />
          </Col>
        </Row>
        <Alert
          style={{ marginTop: 16 }}
          type={category ? 'warning' : 'info'}
          showIcon
          title={t('assessment.ruleFired')}
          description={
            <span data-testid="rule-fired">
              {zh ? result.ruleFired.textZh : result.ruleFired.textEn}
            </span>
          }
        />
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'line',
              label: t('assessment.line'),
              children: `¥${formatYuan(lines.dibaoMonthlyFen)}(${t('assessment.lineSource', { region: lines.lineRegionCode, from: lines.lineEffectiveFrom })})`,
            },
            {
              key: 'wage',
              label: t('assessment.minimumWage'),
              children: `¥${formatYuan(lines.minimumWageMonthlyFen)}${lines.minimumWageRegionCode ? `(${t('assessment.lineSource', { region: lines.minimumWageRegionCode, from: lines.minimumWageEffectiveFrom ?? '' })})` : ''}`,
            },
            {
              key: 'policy',
              label: t('assessment.policyVersion'),
              children: (
                <Typography.Text className="bf-mono">
                  {result.policyVersionId}({t(`policy.scheme.${result.scheme}`)})
                </Typography.Text>
              ),
            },
            { key: 'asOf', label: t('assessment.asOf'), children: result.asOf },
          ]}
        />
      </Card>
      <Card title={t('assessment.exclusionsChecked')} style={{ marginTop: 16 }}>
        <ExclusionTable checks={result.exclusions} />
        {result.conditions.length > 0 && (
          <ul className="bf-rule-list" style={{ marginTop: 12 }}>
            {result.conditions.map((c) => (
              <li key={c.id}>
                <Tag>{t(`assessment.status.${c.status}`)}</Tag>
                {zh ? c.textZh : c.textEn}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('assessment.trace')} style={{ marginTop: 16 }}>
        <TraceView result={result} />
      </Card>
    </div>
  );
}
