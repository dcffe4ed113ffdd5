import { useCallback, useEffect, useState } from 'react';
import { Button, Empty, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { FieldChange } from '../../../shared/audit/audit-event';
import type { DictionaryCode } from '../../../shared/households/dictionaries';
import type { HouseholdFile } from '../../../shared/households/household-file';
import type { ExclusionId } from '../../../shared/households/policy';
import { useReportError } from '../../api/use-report-error';
import { useLabels } from '../../i18n';
import { householdsApi, type HistoryItem } from './households-api';
import { yuan, type HouseholdLabels } from './household-view-labels';

/** Fields of the file's audit snapshot (households.present.ts snapshotFile) that hold a dictionary code. */
const dictionaryFields: Record<string, DictionaryCode> = {
  employerType: 'employer_type',
  industry: 'industry',
  politicalStatus: 'political_status',
  maritalStatus: 'marital_status',
  hukouType: 'hukou_type',
  modelWorkerType: 'model_worker_type',
  housingType: 'housing_type',
  housingAreaBand: 'housing_area_band',
  healthStatus: 'health_status',
  disabilityType: 'disability_type',
  disabilityGrade: 'disability_grade',
};

const actionColors: Record<string, string> = {
  'household.created': 'green',
  'household.updated': 'blue',
  'household.assessed': 'purple',
  'household.revealed': 'orange',
};

/**
 * Names and values of a snapshot field in words: `member:12:name` → 成员「张三」的姓名,
 * `income:0` → 收入第 1 项, codes → labels, fen → yuan.
 */
function useFieldWords(file: HouseholdFile, labels: HouseholdLabels) {
  const { t } = useTranslation();
  const memberLabel = (id: string) => {
    const m = file.members.find((x) => String(x.id) === id);
    return m ? m.name : t('households.history.removedMember', { id });
  };
  const fieldLabel = (key: string) => t(`households.field.${key}`, { defaultValue: key }) as string;

  const name = (field: string): string => {
    const [kind, a, b] = field.split(':');
    if (kind === 'member' && a && b)
      return t('households.history.memberField', {
        name: memberLabel(a),
        field: fieldLabel(b),
      });
    if (kind === 'income' && a)
      return t('households.history.incomeItem', { n: String(Number(a) + 1) });
    if (kind === 'expenditure' && a)
      return t('households.history.expenditureItem', { n: String(Number(a) + 1) });
    if (kind === 'exclusion' && a) return labels.exclusion(a as ExclusionId);
    return fieldLabel(field);
  };

  const itemLine = (text: string, isIncome: boolean) => {
    // "type memberRef amountFen note…" (snapshotFile)
    const [type = '', ref = '', amount = '', ...note] = text.split(' ');
    const who = ref === 'household' ? t('households.wholeHousehold') : memberLabel(ref);
    const typeText = isIncome
      ? labels.incomeType(type as never)
      : labels.expenditureType(type as never);
    return `${who} · ${typeText} · ${yuan(Number(amount))}${note.length ? ` · ${note.join(' ')}` : ''}`;
  };

  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    const key = field.split(':').at(-1) ?? field;
    const kind = field.split(':')[0];
    if (typeof v === 'boolean') return labels.yesNo(v);
    if (typeof v === 'number' && /Fen$/.test(key)) return yuan(v);
    if (typeof v !== 'string') return JSON.stringify(v);
    if (kind === 'income') return itemLine(v, true);
    if (kind === 'expenditure') return itemLine(v, false);
    if (kind === 'exclusion') {
      const [answer = '', ...evidence] = v.split(' ');
      const word = t(`households.history.exclusion_.${answer as 'clear'}`, {
        defaultValue: answer,
      });
      return evidence.length ? `${word}(${evidence.join(' ')})` : word;
    }
    const dictionary = dictionaryFields[key];
    if (dictionary) return labels.dict(dictionary, v);
    switch (key) {
      case 'mainCause':
        return labels.cause(v as never);
      case 'secondaryCauses':
        return v
          .split(',')
          .filter(Boolean)
          .map((c) => labels.cause(c as never))
          .join('、');
      case 'standardLevel':
        return labels.standardLevel(v as never);
      case 'status':
        return labels.status(v as never);
      case 'relation':
        return labels.relation(v as never);
      case 'workStatus':
        return labels.workStatus(v as never);
      case 'studyLevel':
        return labels.studyLevel(v as never);
      case 'sex':
        return labels.sex(v as never);
      case 'category':
        return labels.category(v as never, null);
      default:
        return v;
    }
  };
  return { name, value };
}

/** 变更记录: every save with its changed fields (before → after), every assessment and reveal. */
export function HistoryTab({
  file,
  labels,
  reloadKey,
}: {
  file: HouseholdFile;
  labels: HouseholdLabels;
  reloadKey: number;
}) {
  const { t } = useTranslation();
  const common = useLabels();
  const report = useReportError();
  const words = useFieldWords(file, labels);
  const [items, setItems] = useState<HistoryItem[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [isLoading, setLoading] = useState(true);

  const load = useCallback(
    async (before: number | null) => {
      setLoading(true);
      try {
        const page = await householdsApi.history(file.id, before);
        setItems((current) => (before ? [...current, ...page.items] : page.items));
        setNext(page.nextBefore);
      } catch (error) {
        report(error);
      } finally {
        setLoading(false);
      }
    },
    [file.id, report],
  );

  useEffect(() => {
    void load(null);
  }, [load, reloadKey]);

  const summary = (item: HistoryItem) => {
    const d = item.details ?? {};
    switch (item.action) {
      case 'household.created':
        return t('households.history.created');
      case 'household.assessed':
        return t('households.history.assessed', {
          reason: t(`households.assessmentReason.${String(d.reason) as 'created'}`, {
            defaultValue: String(d.reason ?? ''),
          }),
          policy: String(d.policyVersionId ?? ''),
        });
      case 'household.revealed':
        return t('households.history.revealed', {
          who:
            typeof d.memberId === 'number'
              ? (file.members.find((m) => m.id === d.memberId)?.name ??
                t('households.history.removedMember', { id: String(d.memberId) }))
              : file.headName,
          field: t(`households.field.${String(d.field) as 'phone'}`, {
            defaultValue: String(d.field),
          }),
          reason: String(d.reason ?? ''),
        });
      case 'household.updated':
        return t('households.history.updated', { count: item.changes.length });
      default:
        return '';
    }
  };

  if (isLoading && items.length === 0) return <Spin />;
  if (items.length === 0) return <Empty description={t('households.history.empty')} />;

  return (
    <div data-testid="household-history">
      <Timeline
        items={items.map((item) => ({
          key: item.id,
          color: actionColors[item.action] ?? 'gray',
          content: (
            <div>
              <div>
                <Tag color={actionColors[item.action]}>{common.action(item.action)}</Tag>
                <Typography.Text type="secondary">
                  {dayjs(item.at).format('YYYY-MM-DD HH:mm:ss')} ·{' '}
                  {item.actor ?? t('households.system')}
                </Typography.Text>
              </div>
              <div style={{ marginTop: 4 }}>{summary(item)}</div>
              {item.changes.length > 0 && (
                <Table<FieldChange>
                  style={{ marginTop: 8, maxWidth: 900 }}
                  rowKey="field"
                  size="small"
                  pagination={false}
                  dataSource={item.changes}
                  columns={[
                    {
                      title: t('households.history.field'),
                      dataIndex: 'field',
                      width: 240,
                      render: (f: string) => words.name(f),
                    },
                    {
                      title: t('households.history.change'),
                      key: 'change',
                      render: (_, c) => (
                        <span>
                          <span className="bf-muted">{words.value(c.field, c.before)}</span>{' '}
                          <ArrowRightOutlined style={{ fontSize: 11, color: '#999' }} />{' '}
                          <span>{words.value(c.field, c.after)}</span>
                        </span>
                      ),
                    },
                  ]}
                />
              )}
            </div>
          ),
        }))}
      />
      {next !== null && (
        <Button loading={isLoading} onClick={() => void load(next)}>
          {t('common.loadMore')}
        </Button>
      )}
    </div>
  );
}
