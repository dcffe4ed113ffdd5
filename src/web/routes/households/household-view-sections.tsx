import { Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HouseholdFile, HouseholdMember } from '../../../shared/households/household-file';
import { exclusionIds, type ExclusionId } from '../../../shared/households/policy';
import { SensitiveValue } from './reveal';
import { yuan, type HouseholdLabels } from './household-view-labels';

/** The tabs of the file page that show what the file holds (基本信息 … 致困原因). */

type Props = { file: HouseholdFile; labels: HouseholdLabels };

const text = (v: string | null | undefined) => (v ? v : '—');

/** Who a member is, for the reveal dialog and the tables: "张三(本人)". */
export function memberName(m: HouseholdMember, labels: HouseholdLabels) {
  return `${m.name}(${labels.relation(m.relation)})`;
}

export function BasicInfoTab({ file, labels }: Props) {
  const { t } = useTranslation();
  const head = file.members.find((m) => m.relation === 'head');
  const flags = [
    file.isSingleParent && t('households.flag.singleParent'),
    file.isZeroEmployment && t('households.flag.zeroEmployment'),
  ].filter(Boolean);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('households.section.identity')}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'name', label: t('households.headName'), children: file.headName },
            {
              key: 'id',
              label: t('households.idNumber'),
              children: head ? (
                <SensitiveValue
                  householdId={file.id}
                  field="idNumber"
                  memberId={head.id}
                  masked={head.idNumberMasked}
                  subject={t('households.reveal.whose', {
                    who: file.headName,
                    what: t('households.idNumber'),
                  })}
                />
              ) : (
                '—'
              ),
            },
            {
              key: 'sex',
              label: t('households.sex'),
              children: head ? labels.sex(head.sex) : '—',
            },
            { key: 'birth', label: t('households.birthDate'), children: head?.birthDate ?? '—' },
            {
              key: 'phone',
              label: t('households.phone'),
              children: (
                <SensitiveValue
                  householdId={file.id}
                  field="phone"
                  masked={file.phoneMasked}
                  subject={t('households.reveal.whose', {
                    who: file.headName,
                    what: t('households.phone'),
                  })}
                />
              ),
            },
            {
              key: 'region',
              label: t('households.region'),
              children: file.regionName ?? file.regionCode,
            },
            { key: 'address', label: t('households.address'), children: text(file.address) },
            {
              key: 'political',
              label: t('households.politicalStatus'),
              children: labels.dict('political_status', file.politicalStatus),
            },
            {
              key: 'marital',
              label: t('households.maritalStatus'),
              children: labels.dict('marital_status', file.maritalStatus),
            },
            {
              key: 'hukou',
              label: t('households.hukouType'),
              children: labels.dict('hukou_type', file.hukouType),
            },
            {
              key: 'work',
              label: t('households.headWorkStatus'),
              children: labels.workStatus(head?.workStatus ?? null),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('households.section.employer')}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            {
              key: 'employer',
              label: t('households.employerName'),
              children: text(file.employerName),
            },
            {
              key: 'etype',
              label: t('households.employerType'),
              children: labels.dict('employer_type', file.employerType),
            },
            {
              key: 'industry',
              label: t('households.industry'),
              children: labels.dict('industry', file.industry),
            },
            {
              key: 'union',
              label: t('households.isUnionMember'),
              children: labels.yesNo(file.isUnionMember),
            },
            {
              key: 'model',
              label: t('households.modelWorkerType'),
              children: labels.dict('model_worker_type', file.modelWorkerType),
            },
            {
              key: 'migrant',
              label: t('households.migrantWorker'),
              children: file.migrantWorker
                ? t('households.migrantSince', {
                    since: file.migrantWorker.employedInCitySince ?? '—',
                  })
                : '—',
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('households.section.housing')}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            {
              key: 'htype',
              label: t('households.housingType'),
              children: labels.dict('housing_type', file.housingType),
            },
            {
              key: 'harea',
              label: t('households.housingAreaBand'),
              children: labels.dict('housing_area_band', file.housingAreaBand),
            },
            {
              key: 'flags',
              label: t('households.flags'),
              children: flags.length
                ? flags.map((f) => (
                    <Tag key={String(f)} color="blue">
                      {f}
                    </Tag>
                  ))
                : '—',
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('households.section.file')}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'no', label: t('households.fileNo'), children: text(file.fileNo) },
            { key: 'node', label: t('households.node'), children: file.nodeName },
            {
              key: 'level',
              label: t('households.standardLevel'),
              children: labels.standardLevel(file.standardLevel),
            },
            {
              key: 'created',
              label: t('households.createdAt'),
              children: `${file.createdAt.slice(0, 10)} ${file.createdBy ?? ''}`,
            },
            {
              key: 'updated',
              label: t('households.updatedAt'),
              children: `${file.updatedAt.slice(0, 10)} ${file.updatedBy ?? ''}`,
            },
            {
              key: 'aided',
              label: t('households.lastAidedAt'),
              children: file.lastAidedAt?.slice(0, 10) ?? t('households.neverAided'),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('households.section.causes')}>
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'main',
              label: t('households.mainCause'),
              children: <Tag color="red">{labels.cause(file.mainCause)}</Tag>,
            },
            {
              key: 'secondary',
              label: t('households.secondaryCauses'),
              children: file.secondaryCauses.length
                ? file.secondaryCauses.map((c) => <Tag key={c}>{labels.cause(c)}</Tag>)
                : '—',
            },
            {
              key: 'situation',
              label: t('households.situation'),
              children: (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {text(file.situation)}
                </Typography.Paragraph>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('households.section.bank')}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'bank', label: t('households.bankName'), children: text(file.bankName) },
            {
              key: 'account',
              label: t('households.bankAccount'),
              children: (
                <SensitiveValue
                  householdId={file.id}
                  field="bankAccount"
                  masked={file.bankAccountMasked}
                  subject={t('households.reveal.whose', {
                    who: file.headName,
                    what: t('households.bankAccount'),
                  })}
                />
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

export function MembersTab({ file, labels }: Props) {
  const { t } = useTranslation();
  return (
    <Table<HouseholdMember>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={file.members}
      aria-label={t('households.tab.members')}
      columns={[
        { title: t('households.memberName'), dataIndex: 'name' },
        {
          title: t('households.relation'),
          dataIndex: 'relation',
          render: (v: HouseholdMember['relation']) => labels.relation(v),
        },
        {
          title: t('households.sex'),
          dataIndex: 'sex',
          render: (v: HouseholdMember['sex']) => labels.sex(v),
        },
        { title: t('households.birthDate'), dataIndex: 'birthDate' },
        {
          title: t('households.idNumber'),
          key: 'id',
          render: (_, m) => (
            <SensitiveValue
              householdId={file.id}
              field="idNumber"
              memberId={m.id}
              masked={m.idNumberMasked}
              subject={t('households.reveal.whose', {
                who: memberName(m, labels),
                what: t('households.idNumber'),
              })}
            />
          ),
        },
        {
          title: t('households.workStatus'),
          dataIndex: 'workStatus',
          render: (v: HouseholdMember['workStatus']) => labels.workStatus(v),
        },
        {
          title: t('households.ableToWork'),
          dataIndex: 'isAbleToWork',
          render: (v: boolean) => labels.yesNo(v),
        },
        {
          title: t('households.study'),
          key: 'study',
          render: (_, m) =>
            m.isInFullTimeStudy
              ? `${labels.studyLevel(m.studyLevel)}${m.school ? ` · ${m.school}` : ''}`
              : '—',
        },
        {
          title: t('households.health'),
          key: 'health',
          render: (_, m) => (
            <Space size={4} wrap>
              <span>{labels.dict('health_status', m.healthStatus)}</span>
              {m.isDisabledOrSeriouslyIll && (
                <Tag color="volcano">{t('households.disabledOrIll')}</Tag>
              )}
              {m.disabilityType && (
                <Tag>
                  {labels.dict('disability_type', m.disabilityType)}
                  {m.disabilityGrade
                    ? ` ${labels.dict('disability_grade', m.disabilityGrade)}`
                    : ''}
                </Tag>
              )}
            </Space>
          ),
        },
        {
          title: t('households.diagnosis'),
          key: 'diagnosis',
          render: (_, m) => (
            <SensitiveValue
              householdId={file.id}
              field="diagnosis"
              memberId={m.id}
              masked={m.hasDiagnosis ? t('households.reveal.hidden') : null}
              subject={t('households.reveal.whose', {
                who: memberName(m, labels),
                what: t('households.diagnosis'),
              })}
            />
          ),
        },
        {
          title: t('households.dependant'),
          key: 'dep',
          render: (_, m) =>
            m.isDependant
              ? t('common.yes')
              : m.livingWithHouseholdSince
                ? t('households.livingSince', { since: m.livingWithHouseholdSince })
                : '—',
        },
      ]}
    />
  );
}

type Line = {
  key: number;
  memberRef: string | null;
  type: string;
  amountFen: number;
  note?: string;
};

export function MoneyTab({ file, labels }: Props) {
  const { t } = useTranslation();
  const who = (ref: string | null) => {
    if (ref === null) return t('households.wholeHousehold');
    const m = file.members.find((x) => String(x.id) === ref);
    return m ? memberName(m, labels) : ref;
  };
  const table = (
    title: string,
    rows: Line[],
    typeLabel: (type: string) => string,
    testId: string,
  ) => {
    const total = rows.reduce((s, r) => s + r.amountFen, 0);
    return (
      <Card size="small" title={title}>
        <Table<Line>
          rowKey="key"
          size="small"
          pagination={false}
          data-testid={testId}
          dataSource={rows}
          locale={{ emptyText: t('households.noItems') }}
          columns={[
            { title: t('households.member'), key: 'm', render: (_, r) => who(r.memberRef) },
            { title: t('households.itemType'), key: 'ty', render: (_, r) => typeLabel(r.type) },
            {
              title: t('households.amount'),
              key: 'a',
              align: 'right',
              render: (_, r) => yuan(r.amountFen),
            },
            { title: t('households.note'), key: 'n', render: (_, r) => r.note ?? '' },
          ]}
          summary={() =>
            rows.length ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <strong>{t('common.total')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <strong>{yuan(total)}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} />
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
    );
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {table(
        t('households.incomes'),
        file.incomes.map((i, key) => ({ ...i, key })),
        (ty) => labels.incomeType(ty as never),
        'income-table',
      )}
      {table(
        t('households.expenditures'),
        file.rigidExpenditures.map((i, key) => ({ ...i, key })),
        (ty) => labels.expenditureType(ty as never),
        'expenditure-table',
      )}
      {file.accident && (
        <Card size="small" title={t('households.accident')}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'cause',
                label: t('households.accidentCause'),
                children: t(`households.accidentCause_.${file.accident.cause}`),
              },
              {
                key: 'on',
                label: t('households.occurredOn'),
                children: file.accident.occurredOn ?? '—',
              },
              {
                key: 'costs',
                label: t('households.accidentCosts'),
                children: yuan(file.accident.costsFen),
              },
              {
                key: 'comp',
                label: t('households.compensation'),
                children: yuan(file.accident.compensationFen),
              },
              {
                key: 'desc',
                label: t('households.description'),
                span: 'filled',
                children: text(file.accident.description),
              },
            ]}
          />
        </Card>
      )}
      {file.monthlyIncomes.length > 0 && (
        <Card size="small" title={t('households.monthlyIncomes')}>
          <Table
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={file.monthlyIncomes}
            columns={[
              { title: t('households.month'), dataIndex: 'month' },
              {
                title: t('households.amount'),
                dataIndex: 'incomeFen',
                align: 'right',
                render: (v: number) => yuan(v),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

export const exclusionAnswerColor = (answer: boolean | null | undefined) =>
  answer === true ? 'red' : answer === false ? 'green' : 'gold';

export function CausesTab({ file, labels }: Props) {
  const { t } = useTranslation();
  const answerText = (answer: boolean | null | undefined) =>
    answer === true
      ? t('households.exclusionBars')
      : answer === false
        ? t('households.exclusionClear')
        : t('households.exclusionUnchecked');
  const rows = exclusionIds.map((id) => ({ id, ...(file.exclusions[id] ?? { answer: null }) }));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('households.section.causes')}>
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'main',
              label: t('households.mainCause'),
              children: <Tag color="red">{labels.cause(file.mainCause)}</Tag>,
            },
            {
              key: 'secondary',
              label: t('households.secondaryCauses'),
              children: file.secondaryCauses.length
                ? file.secondaryCauses.map((c) => <Tag key={c}>{labels.cause(c)}</Tag>)
                : '—',
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('households.exclusions')}>
        <Table<{ id: ExclusionId; answer: boolean | null; evidence?: string }>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: <Empty /> }}
          columns={[
            {
              title: t('households.exclusion'),
              key: 'label',
              render: (_, r) => labels.exclusion(r.id),
            },
            {
              title: t('households.exclusionAnswer'),
              key: 'answer',
              render: (_, r) => (
                <Tag color={exclusionAnswerColor(r.answer)}>{answerText(r.answer)}</Tag>
              ),
            },
            {
              title: t('households.evidence'),
              key: 'evidence',
              render: (_, r) => r.evidence ?? '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}
