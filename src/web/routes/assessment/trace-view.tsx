import { Descriptions, Table, Tag, Timeline, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  formatYuan,
  type AssessmentResult,
  type ExclusionCheck,
  type TraceStep,
} from '../../../shared/households/assessment';
import {
  incomeTypeLabels,
  rigidExpenditureTypeLabels,
  type IncomeType,
  type RigidExpenditureType,
} from '../../../shared/households/policy';
import { useLocale } from '../../i18n';

const yuan = (fen: number) => `¥${formatYuan(fen)}`;

function Mark({ ok }: { ok: boolean }) {
  return ok ? (
    <CheckCircleFilled style={{ color: '#389e0d' }} />
  ) : (
    <CloseCircleFilled style={{ color: '#bfbfbf' }} />
  );
}

const exclusionColors = {
  clear: 'green',
  bars: 'red',
  not_checked: 'gold',
  not_applied: 'default',
} as const;

/** The exclusions, each with its answer and what it means for the result. */
export function ExclusionTable({ checks }: { checks: ExclusionCheck[] }) {
  const { t } = useTranslation();
  const zh = useLocale() === 'zh-CN';
  return (
    <Table<ExclusionCheck>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={checks}
      columns={[
        {
          title: t('assessment.exclusions'),
          key: 'label',
          render: (_, c) => (zh ? c.labelZh : c.labelEn),
        },
        {
          title: t('policy.state'),
          key: 'status',
          render: (_, c) => (
            <Tag color={exclusionColors[c.status]}>{t(`assessment.status.${c.status}`)}</Tag>
          ),
        },
      ]}
    />
  );
}

/** 测算过程: every step of the assessment with its figures. */
export function TraceView({ result }: { result: AssessmentResult }) {
  const { t } = useTranslation();
  const zh = useLocale() === 'zh-CN';
  const text = (s: { textZh: string; textEn: string }) => (zh ? s.textZh : s.textEn);
  const refName = new Map<string | null, string>([[null, t('assessment.wholeHousehold')]]);
  for (const step of result.trace)
    if (step.kind === 'household')
      step.members.forEach((m) =>
        refName.set(m.ref, m.name ?? t(`assessment.relation_.${m.relation}`)),
      );
  const who = (ref: string | null) => refName.get(ref) ?? ref ?? '';
  const incomeLabel = (ty: IncomeType) => (zh ? incomeTypeLabels[ty].zh : incomeTypeLabels[ty].en);
  const rigidLabel = (ty: RigidExpenditureType) =>
    zh ? rigidExpenditureTypeLabels[ty].zh : rigidExpenditureTypeLabels[ty].en;
  const countedTag = (counted: boolean) => (
    <Tag color={counted ? 'green' : 'default'}>
      {counted ? t('assessment.counted') : t('assessment.notCounted')}
    </Tag>
  );

  const body = (step: TraceStep) => {
    switch (step.kind) {
      case 'household':
        return (
          <Table
            rowKey="ref"
            size="small"
            pagination={false}
            dataSource={step.members}
            footer={() =>
              `${t('assessment.householdSize')}${t('common.colon')}${t('assessment.persons', { count: step.size })}`
            }
            columns={[
              { title: t('assessment.name'), key: 'n', render: (_, m) => who(m.ref) },
              {
                title: t('assessment.relation'),
                key: 'r',
                render: (_, m) => t(`assessment.relation_.${m.relation}`),
              },
              { title: t('assessment.age'), dataIndex: 'age' },
              { title: t('assessment.counts'), key: 'c', render: (_, m) => countedTag(m.counts) },
              { title: t('assessment.reason'), key: 'why', render: (_, m) => text(m.reason) },
            ]}
          />
        );
      case 'income':
      case 'rigid_expenditure':
        return (
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={step.items.map((item, key) => ({ ...item, key }))}
            footer={() => (
              <strong>
                {t('assessment.total')}
                {t('common.colon')}
                {yuan(step.totalFen)}
                {step.kind === 'rigid_expenditure' && step.purpose === 'edge_deductible'
                  ? `(${t('assessment.edgeDeductible')})`
                  : ''}
              </strong>
            )}
            columns={[
              { title: t('assessment.member'), key: 'm', render: (_, i) => who(i.memberRef) },
              {
                title: t('assessment.type'),
                key: 'ty',
                render: (_, i) =>
                  step.kind === 'income'
                    ? incomeLabel(i.type as IncomeType)
                    : rigidLabel(i.type as RigidExpenditureType),
              },
              {
                title: t('assessment.amount'),
                key: 'a',
                align: 'right',
                render: (_, i) => yuan(i.amountFen),
              },
              { title: t('assessment.counts'), key: 'c', render: (_, i) => countedTag(i.counted) },
              {
                title: t('assessment.reason'),
                key: 'why',
                render: (_, i) => (i.reason ? text(i.reason) : ''),
              },
            ]}
          />
        );
      case 'imputed_income':
        if (!step.isEnabled)
          return <Typography.Text>{t('assessment.imputationDisabled')}</Typography.Text>;
        return (
          <Table
            rowKey="ref"
            size="small"
            pagination={false}
            dataSource={step.members}
            title={() =>
              t('assessment.minimumWageTimesMonths', {
                wage: formatYuan(step.minimumWageMonthlyFen),
                months: String(step.months),
              })
            }
            footer={() => (
              <strong>
                {t('assessment.total')}
                {t('common.colon')}
                {yuan(step.totalFen)}
              </strong>
            )}
            columns={[
              { title: t('assessment.name'), key: 'n', render: (_, m) => who(m.ref) },
              {
                title: t('assessment.labourIncome'),
                key: 'l',
                align: 'right',
                render: (_, m) => yuan(m.labourIncomeFen),
              },
              {
                title: t('assessment.imputed'),
                key: 'i',
                align: 'right',
                render: (_, m) => (m.imputed ? yuan(m.imputedFen) : '—'),
              },
              { title: t('assessment.reason'), key: 'why', render: (_, m) => text(m.reason) },
            ]}
          />
        );
      case 'figure':
        return (
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'i', label: t('assessment.income'), children: yuan(step.incomeFen) },
              { key: 'p', label: t('assessment.imputed'), children: yuan(step.imputedFen) },
              { key: 'd', label: t('assessment.deducted'), children: yuan(step.deductedFen) },
              { key: 'n', label: t('assessment.net'), children: yuan(step.netFen) },
              { key: 'm', label: t('assessment.months'), children: step.months },
              { key: 's', label: t('assessment.size'), children: step.size },
              {
                key: 'pc',
                label: t('assessment.perCapita'),
                children: <strong>{yuan(step.perCapitaMonthlyFen)}</strong>,
              },
              {
                key: 'f',
                label: t('assessment.formula'),
                span: 'filled',
                children: <span className="bf-mono">{step.formula}</span>,
              },
            ]}
          />
        );
      case 'accident':
        return (
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'c', label: t('assessment.costs'), children: yuan(step.costsFen) },
              {
                key: 'p',
                label: t('assessment.compensation'),
                children: yuan(step.compensationFen),
              },
              { key: 'n', label: t('assessment.netLoss'), children: yuan(step.netLossFen) },
              {
                key: 'a',
                label: t('assessment.annualIncome'),
                children: yuan(step.annualIncomeFen),
              },
              {
                key: 'r',
                label: t('assessment.lossPercent'),
                children: step.lossPercentOfIncome === null ? '—' : `${step.lossPercentOfIncome}%`,
              },
              { key: 'x', label: t('assessment.passes'), children: <Mark ok={step.passes} /> },
            ]}
          />
        );
      case 'monthly_income':
        return (
          <Table
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={step.months}
            title={() =>
              t('assessment.longestRun', {
                run: String(step.longestRunMonths),
                required: String(step.requiredMonths),
              })
            }
            columns={[
              { title: t('assessment.month'), dataIndex: 'month' },
              {
                title: t('assessment.income'),
                key: 'i',
                align: 'right',
                render: (_, m) => yuan(m.incomeFen),
              },
              {
                title: t('assessment.perCapita'),
                key: 'p',
                align: 'right',
                render: (_, m) => yuan(m.perCapitaFen),
              },
              {
                title: t('assessment.belowLine'),
                key: 'b',
                render: (_, m) => <Mark ok={m.isBelowLine} />,
              },
              {
                title: t('assessment.inWindow'),
                key: 'w',
                render: (_, m) => <Mark ok={m.isInWindow} />,
              },
            ]}
          />
        );
      case 'rule':
        return (
          <span>
            <Tag color={step.fired ? 'red' : step.passes ? 'orange' : 'default'}>
              {step.fired
                ? t('assessment.fired')
                : step.passes
                  ? t('assessment.passes')
                  : t('assessment.notPasses')}
            </Tag>
            {text(step)}
          </span>
        );
      case 'exclusions':
        return <ExclusionTable checks={step.checks} />;
      case 'conditions':
        return (
          <ul className="bf-rule-list">
            {step.checks.map((c) => (
              <li key={c.id}>
                <Tag>{t(`assessment.status.${c.status}`)}</Tag>
                {text(c)}
              </li>
            ))}
          </ul>
        );
      case 'result':
        return <strong>{text(step)}</strong>;
    }
  };

  const title = (step: TraceStep) =>
    step.kind === 'figure'
      ? t(`assessment.figure.${step.figure}`)
      : t(`assessment.step.${step.kind}`);

  return (
    <Timeline
      className="bf-trace"
      items={result.trace.map((step, i) => ({
        key: i,
        color:
          step.kind === 'rule' && step.fired ? 'red' : step.kind === 'result' ? 'green' : 'blue',
        content: (
          <div data-testid={`trace-${step.kind}`}>
            <Typography.Text strong>
              {i + 1}. {title(step)}
            </Typography.Text>
            <div className="bf-trace-body">{body(step)}</div>
          </div>
        ),
      }))}
    />
  );
}
