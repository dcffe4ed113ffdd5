import { Button, Card, Col, Empty, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { HouseholdFigures } from '../../../shared/households/household-file';
import { hardshipCauses, hardshipCauseLabels } from '../../../shared/households/dictionaries';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useLocale } from '../../i18n';
import { TypeBarChart, TypePieChart, type Slice } from './network-charts';

/** Colours of the categories: deep red for deep hardship, through amber, to grey. */
export const categoryColors = {
  deep: '#b3191f',
  relative: '#e0873a',
  accident: '#1f4e99',
  dibao: '#8c1016',
  dibao_edge: '#e3b559',
  accident_legacy: '#3b7dd8',
  not_eligible: '#8a919f',
  unassessed: '#c9ced6',
} as const;

const causeColor = '#1f4e99';

/** 困难职工档案 on the home page: files in scope by category and main cause. */
export function HouseholdFiguresRow({ nodeId }: { nodeId: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const figures = useLoad(
    () => api.get<HouseholdFigures>('/api/households/figures', { nodeId }),
    [nodeId],
  );
  const data = figures.data;
  const categories = Object.keys(categoryColors) as (keyof typeof categoryColors)[];
  const slices: Slice[] = categories
    .map((c) => ({
      name: t(`householdFigures.category.${c}`),
      value: data?.byCategory[c] ?? 0,
      color: categoryColors[c],
    }))
    .filter((s) => s.value > 0);
  const causes: Slice[] = hardshipCauses
    .map((c) => ({
      name: locale === 'zh-CN' ? hardshipCauseLabels[c] : t(`householdFigures.cause.${c}`),
      value: data?.byMainCause[c] ?? 0,
      color: causeColor,
    }))
    .sort((a, b) => b.value - a.value);
  const stat = (key: 'total' | 'deep' | 'relative' | 'accident', value: number | undefined) => (
    <Col xs={12} md={6}>
      <Card className="bf-stat-card" loading={!data}>
        <Statistic
          title={t(`householdFigures.${key}`)}
          value={value ?? 0}
          styles={{
            content: {
              color: key === 'total' ? '#1f2329' : categoryColors[key],
              fontWeight: 600,
            },
          }}
        />
      </Card>
    </Col>
  );

  return (
    <>
      <Row gutter={[16, 16]}>
        {stat('total', data?.total)}
        {stat('deep', data?.byCategory.deep)}
        {stat('relative', data?.byCategory.relative)}
        {stat('accident', data?.byCategory.accident)}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card
            title={t('householdFigures.byCategory')}
            loading={!data}
            extra={
              <>
                {data ? (
                  <span className="bf-muted" data-testid="household-applications">
                    {t('householdFigures.applications', { count: data.applications })}
                  </span>
                ) : null}
                <Button type="link" size="small" onClick={() => void navigate('/households')}>
                  {t('common.more')}
                </Button>
              </>
            }
          >
            {data && data.total > 0 ? (
              <TypePieChart slices={slices} />
            ) : (
              <Empty
                description={t('householdFigures.none')}
                style={{ height: 268, paddingTop: 80 }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={t('householdFigures.byCause')}
            loading={!data}
            extra={
              data ? (
                <span className="bf-muted">
                  {t('householdFigures.flags', {
                    singleParent: String(data.singleParent),
                    zeroEmployment: String(data.zeroEmployment),
                    stale: String(data.stale),
                  })}
                </span>
              ) : null
            }
          >
            {data && data.total > 0 ? (
              <TypeBarChart slices={causes} />
            ) : (
              <Empty
                description={t('householdFigures.none')}
                style={{ height: 268, paddingTop: 80 }}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
