import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Space, Spin, Tag, Typography } from 'antd';
import { ProfileOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  assessmentInputSchema,
  formatYuan,
  type AssessmentInputJson,
  type AssessmentResult,
} from '../../../shared/households/assessment';
import { hardshipCategoryLabels, type HardshipCategory } from '../../../shared/households/policy';
import { api, ApiError } from '../../api/client';
import { useLocale } from '../../i18n';
import { AssessmentResultView } from '../assessment/assessment-result';

const categoryColors: Record<HardshipCategory, string> = {
  deep: 'red',
  relative: 'orange',
  accident: 'purple',
  dibao: 'red',
  dibao_edge: 'orange',
  accident_legacy: 'purple',
};

type State =
  | { kind: 'waiting' }
  | { kind: 'running'; last: AssessmentResult | null }
  | { kind: 'done'; result: AssessmentResult }
  | { kind: 'missing'; region: string; what: 'dibao' | 'minimumWage' }
  | { kind: 'failed'; message: string };

const debounceMs = 400;

/**
 * 即时认定: while the clerk types, the form's household is assessed (debounced)
 * by POST /api/assessments/preview, nothing stored. `tick` changes with every
 * edit; `readInput` returns the assessment's view of the form, or null when
 * the form cannot be assessed yet.
 */
export function LiveAssessment({
  tick,
  readInput,
}: {
  tick: number;
  readInput: () => AssessmentInputJson | null;
}) {
  const { t } = useTranslation();
  const zh = useLocale() === 'zh-CN';
  const [state, setState] = useState<State>({ kind: 'waiting' });
  const [isTraceOpen, setTraceOpen] = useState(false);
  const generation = useRef(0);
  const readRef = useRef(readInput);
  readRef.current = readInput;

  useEffect(() => {
    const timer = setTimeout(() => {
      const input = readRef.current();
      const parsed = input?.regionCode ? assessmentInputSchema.safeParse(input) : null;
      const mine = ++generation.current;
      if (!input || !parsed?.success) {
        setState({ kind: 'waiting' });
        return;
      }
      setState((s) => ({
        kind: 'running',
        last: s.kind === 'done' ? s.result : s.kind === 'running' ? s.last : null,
      }));
      api
        .post<AssessmentResult>('/api/assessments/preview', { household: input })
        .then((result) => {
          if (mine === generation.current) setState({ kind: 'done', result });
        })
        .catch((error: unknown) => {
          if (mine !== generation.current) return;
          if (error instanceof ApiError && error.code === 'INVALID_STATE' && error.details.missing)
            setState({
              kind: 'missing',
              region: String(error.details.regionCode ?? input.regionCode),
              what: error.details.missing === 'dibao_line' ? 'dibao' : 'minimumWage',
            });
          else if (error instanceof ApiError && error.code === 'VALIDATION')
            setState({ kind: 'waiting' });
          else
            setState({
              kind: 'failed',
              message: error instanceof Error ? error.message : String(error),
            });
        });
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [tick]);

  const result =
    state.kind === 'done' ? state.result : state.kind === 'running' ? state.last : null;

  return (
    <Card
      title={
        <Space>
          {t('householdForm.live.title')}
          {state.kind === 'running' && <Spin size="small" />}
        </Space>
      }
      size="small"
      className="bf-live-assessment"
      data-testid="live-assessment"
    >
      {state.kind === 'waiting' && (
        <Typography.Text type="secondary">{t('householdForm.live.waiting')}</Typography.Text>
      )}
      {state.kind === 'missing' && (
        <Alert
          type="warning"
          showIcon
          title={t('householdForm.live.missing', {
            region: state.region,
            what: t(`householdForm.live.${state.what}`),
          })}
        />
      )}
      {state.kind === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t('householdForm.live.failed', { message: state.message })}
        />
      )}
      {state.kind === 'running' && !result && (
        <Typography.Text type="secondary">{t('householdForm.live.running')}</Typography.Text>
      )}
      {result && (
        <div style={{ opacity: state.kind === 'running' ? 0.6 : 1 }}>
          <Space wrap style={{ marginBottom: 12 }}>
            <Tag
              color={result.category ? categoryColors[result.category] : 'default'}
              className="bf-category-tag"
              data-testid="live-category"
            >
              {result.category
                ? zh
                  ? hardshipCategoryLabels[result.category].zh
                  : hardshipCategoryLabels[result.category].en
                : t('householdForm.live.notEligible')}
            </Tag>
            {result.provisional && <Tag color="gold">{t('householdForm.live.provisional')}</Tag>}
          </Space>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'perCapita',
                label: t('householdForm.live.perCapita'),
                children: (
                  <Typography.Text strong data-testid="live-per-capita">
                    ¥{formatYuan(result.perCapitaMonthlyFen)}
                  </Typography.Text>
                ),
              },
              {
                key: 'line',
                label: t('householdForm.live.line'),
                children: `¥${formatYuan(result.lines.dibaoMonthlyFen)}（${result.lines.lineRegionCode}）`,
              },
              ...(result.thresholdFen !== null
                ? [
                    {
                      key: 'threshold',
                      label: t('householdForm.live.threshold'),
                      children: `¥${formatYuan(result.thresholdFen)}`,
                    },
                  ]
                : []),
              {
                key: 'size',
                label: t('householdForm.live.size'),
                children: t('householdForm.live.persons', { count: result.householdSize }),
              },
            ]}
          />
          <Alert
            style={{ marginTop: 8 }}
            type={result.category ? 'warning' : 'info'}
            title={t('householdForm.live.rule')}
            description={
              <span data-testid="live-rule">
                {zh ? result.ruleFired.textZh : result.ruleFired.textEn}
              </span>
            }
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 8 }}>
            {t('householdForm.live.asOf', { date: result.asOf })}
          </Typography.Paragraph>
          <Button icon={<ProfileOutlined />} onClick={() => setTraceOpen(true)} block>
            {t('householdForm.live.trace')}
          </Button>
          <Drawer
            title={t('householdForm.live.traceTitle')}
            open={isTraceOpen}
            onClose={() => setTraceOpen(false)}
            size="large"
          >
            <AssessmentResultView result={result} />
          </Drawer>
        </div>
      )}
    </Card>
  );
}
