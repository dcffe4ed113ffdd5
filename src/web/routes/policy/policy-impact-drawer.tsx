import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Form,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CalculatorOutlined, CheckOutlined, DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../shared/households/assessment';
import { hardshipCategoryLabels, type HardshipCategory } from '../../../shared/households/policy';
import type {
  Job,
  ImpactAnswer,
  ImpactApplyAnswer,
  ImpactItem,
  ImpactProposalJson,
} from '../../../shared/policy/policy-impact';
import { api, withQuery, ApiError } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { RegionCascader } from '../../components/region-cascader';
import { isJobOver, JobProgress } from '../../components/job-progress';
import { rateKinds, yuanToFen, type PolicyVersionRow, type RateKind } from './policy-api';

type Values = {
  kind: RateKind;
  regionCode?: string | null;
  monthlyYuan?: number | null;
  effectiveFrom?: Dayjs | null;
  policyId?: string | null;
};

const changeColors = {
  category_changed: 'blue',
  become_eligible: 'green',
  lose_eligibility: 'red',
} as const;

/**
 * 影响测算: a proposed 低保 line or minimum wage, how many files in scope it
 * would move (and which), its export, and — once confirmed — the rate put in
 * force with a re-assessment job whose progress shows here.
 */
export function PolicyImpactDrawer(props: {
  kind: RateKind;
  onClose: () => void;
  onApplied: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const report = useReportError();
  const [form] = Form.useForm<Values>();
  const [answer, setAnswer] = useState<ImpactAnswer | null>(null);
  const [proposal, setProposal] = useState<ImpactProposalJson | null>(null);
  const [isMeasuring, setMeasuring] = useState(false);
  const [isApplying, setApplying] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const isZh = i18n.language.startsWith('zh');

  const [versions, setVersions] = useState<PolicyVersionRow[]>([]);
  useEffect(() => {
    void api
      .get<PolicyVersionRow[]>('/api/policy/versions')
      .then(setVersions)
      .catch(() => setVersions([]));
  }, []);

  // A re-assessment still running (started earlier, or by a colleague) shows its progress at once.
  const [runningJob, setRunningJob] = useState<Job | null>(null);
  useEffect(() => {
    void api
      .get<Job[]>('/api/jobs', { kind: 'reassess', limit: 1 })
      .then((jobs) => setRunningJob(jobs[0] && !isJobOver(jobs[0]) ? jobs[0] : null))
      .catch(() => setRunningJob(null));
  }, []);

  const categoryText = (category: HardshipCategory | null) =>
    category
      ? isZh
        ? hardshipCategoryLabels[category].zh
        : hardshipCategoryLabels[category].en
      : t('impact.notEligible');
  const yuan = (fen: number | null) => (fen === null ? t('common.none') : `¥${formatYuan(fen)}`);

  const toProposal = (values: Values): ImpactProposalJson => ({
    kind: values.kind,
    regionCode: values.regionCode ?? '',
    monthlyFen: yuanToFen(values.monthlyYuan ?? 0),
    effectiveFrom: values.effectiveFrom ? values.effectiveFrom.format('YYYY-MM-DD') : '',
    ...(values.policyId ? { policyId: values.policyId } : {}),
  });

  const onError = (error: unknown) => {
    const details = error instanceof ApiError ? error.details : {};
    if (error instanceof ApiError && details.reason === 'region')
      form.setFields([{ name: 'regionCode', errors: [t('policy.outsideRegion')] }]);
    else if (error instanceof ApiError && error.code === 'CONFLICT' && details.overlapsId)
      form.setFields([{ name: 'effectiveFrom', errors: [t('impact.laterRate')] }]);
    else report(error, { form });
  };

  const measure = async (values: Values) => {
    const next = toProposal(values);
    setMeasuring(true);
    setJobId(null);
    try {
      setAnswer(await api.post<ImpactAnswer>('/api/policy/impact', next));
      setProposal(next);
    } catch (error) {
      setAnswer(null);
      onError(error);
    } finally {
      setMeasuring(false);
    }
  };

  const apply = () => {
    if (!proposal || !answer) return;
    modal.confirm({
      title: t('impact.applyTitle'),
      content: t('impact.applyContent', {
        region: proposal.regionCode,
        amount: formatYuan(proposal.monthlyFen),
        date: proposal.effectiveFrom,
        files: String(answer.filesChecked),
      }),
      okText: t('impact.applyOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setApplying(true);
        try {
          const applied = await api.post<ImpactApplyAnswer>('/api/policy/impact/apply', proposal);
          setJobId(applied.job.id);
          props.onApplied();
        } catch (error) {
          onError(error);
        } finally {
          setApplying(false);
        }
      },
    });
  };

  const download = async () => {
    if (!proposal) return;
    try {
      await api.download(
        withQuery('/api/policy/impact/export', proposal as Record<string, string | number>),
        'impact.xlsx',
      );
    } catch (error) {
      report(error);
    }
  };

  const stats = answer
    ? ([
        ['filesChecked', answer.filesChecked, undefined],
        ['unchanged', answer.unchanged, undefined],
        ['categoryChanged', answer.categoryChanged, '#1677ff'],
        ['becomeEligible', answer.becomeEligible, '#389e0d'],
        ['loseEligibility', answer.loseEligibility, '#cf1322'],
      ] as const)
    : [];

  return (
    <Drawer
      open
      size={1000}
      title={t('impact.title')}
      onClose={props.onClose}
      destroyOnHidden
      data-testid="impact-drawer"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('impact.intro')}
        </Typography.Paragraph>
        {runningJob && jobId === null && (
          <Card
            size="small"
            title={t('impact.job.title', { id: String(runningJob.id) })}
            data-testid="impact-running-job"
          >
            <JobProgress jobId={runningJob.id} canCancel />
          </Card>
        )}
        <Form<Values>
          form={form}
          layout="inline"
          initialValues={{
            kind: props.kind,
            effectiveFrom: dayjs().startOf('month').add(1, 'month'),
          }}
          onFinish={(values) => void measure(values)}
          onValuesChange={() => {
            setAnswer(null);
            setJobId(null);
          }}
          data-testid="impact-form"
          style={{ rowGap: 12 }}
        >
          <Form.Item name="kind" label={t('impact.kind')}>
            <Radio.Group
              optionType="button"
              options={rateKinds.map((k) => ({
                value: k,
                label: k === 'dibao' ? t('policy.dibao') : t('policy.minimumWage'),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t('policy.region')}
            rules={[{ required: true, message: t('issue.required') }]}
            style={{ minWidth: 300 }}
          >
            <RegionCascader placeholder={t('common.pleaseSelect')} />
          </Form.Item>
          <Form.Item
            name="monthlyYuan"
            label={t('policy.monthlyYuan')}
            rules={[{ required: true, message: t('issue.required') }]}
          >
            <InputNumber min={0.01} max={100000} precision={2} step={10} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="effectiveFrom"
            label={t('policy.effectiveFrom')}
            rules={[{ required: true, message: t('issue.required') }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="policyId" label={t('impact.policyId')}>
            <Select
              allowClear
              placeholder={t('impact.policyDefault')}
              style={{ width: 280 }}
              options={versions.map((v) => ({
                value: v.id,
                label: isZh ? v.definition.nameZh : v.definition.nameEn || v.definition.nameZh,
              }))}
            />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<CalculatorOutlined />}
              loading={isMeasuring}
              data-testid="impact-measure"
            >
              {t('impact.measure')}
            </Button>
          </Form.Item>
        </Form>

        {answer && (
          <>
            <Card size="small" data-testid="impact-counts">
              <Row gutter={[16, 16]}>
                {stats.map(([key, value, color]) => (
                  <Col key={key} xs={12} sm={8} md={4} style={{ minWidth: 140 }}>
                    <Statistic
                      title={t(`impact.count.${key}`)}
                      value={value}
                      {...(color ? { styles: { content: { color } } } : {})}
                    />
                  </Col>
                ))}
              </Row>
              <Typography.Text type="secondary">
                {t('impact.dates', { today: answer.today, asOf: answer.asOf })}
                {answer.unassessable > 0 &&
                  ` ${t('impact.unassessable', { count: answer.unassessable })}`}
              </Typography.Text>
            </Card>
            {jobId !== null && (
              <Card
                size="small"
                title={t('impact.job.title', { id: String(jobId) })}
                data-testid="impact-job"
                ref={(el) => el?.scrollIntoView({ block: 'nearest' })}
              >
                <JobProgress jobId={jobId} canCancel />
              </Card>
            )}
            {answer.filesChecked === 0 && (
              <Alert type="info" showIcon title={t('impact.noFiles')} />
            )}
            <Table<ImpactItem>
              rowKey="householdId"
              size="small"
              dataSource={answer.items}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('impact.noChanges') }}
              title={() =>
                answer.itemsTotal > answer.items.length
                  ? t('impact.capped', {
                      shown: String(answer.items.length),
                      total: String(answer.itemsTotal),
                    })
                  : t('impact.changedFiles', { total: String(answer.itemsTotal) })
              }
              columns={[
                {
                  title: t('impact.col.head'),
                  dataIndex: 'headName',
                  render: (name: string, r) => <a href={`/households/${r.householdId}`}>{name}</a>,
                },
                { title: t('impact.col.node'), dataIndex: 'nodeName' },
                {
                  title: t('impact.col.change'),
                  dataIndex: 'change',
                  render: (c: ImpactItem['change']) => (
                    <Tag color={changeColors[c]}>{t(`impact.change.${c}`)}</Tag>
                  ),
                },
                {
                  title: t('impact.col.category'),
                  key: 'category',
                  render: (_, r) =>
                    `${categoryText(r.categoryBefore)} → ${categoryText(r.categoryAfter)}`,
                },
                {
                  title: t('impact.col.perCapita'),
                  key: 'perCapita',
                  align: 'right',
                  render: (_, r) =>
                    r.perCapitaBeforeFen === r.perCapitaAfterFen
                      ? yuan(r.perCapitaAfterFen)
                      : `${yuan(r.perCapitaBeforeFen)} → ${yuan(r.perCapitaAfterFen)}`,
                },
                {
                  title: t('impact.col.rate'),
                  key: 'rate',
                  align: 'right',
                  render: (_, r) => `${yuan(r.rateBeforeFen)} → ${yuan(r.rateAfterFen)}`,
                },
              ]}
            />
            <Space wrap>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => void download()}
                data-testid="impact-export"
              >
                {t('impact.export')}
              </Button>
              <Button
                type="primary"
                danger
                icon={<CheckOutlined />}
                loading={isApplying}
                disabled={jobId !== null}
                onClick={apply}
                data-testid="impact-apply"
              >
                {t('impact.apply')}
              </Button>
            </Space>
          </>
        )}
      </Space>
    </Drawer>
  );
}
