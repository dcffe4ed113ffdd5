import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import {
  fileKinds,
  householdSorts,
  householdStatuses,
  standardLevels,
  type HouseholdSummary,
} from '../../../shared/households/household-file';
import { hardshipCauses, workStatuses } from '../../../shared/households/dictionaries';
import { useReportError } from '../../api/use-report-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useCan } from '../../session/session';
import { householdsApi, type HouseholdFilter } from './households-api';
import { TemplateExportButton } from './template-export-button';
import { useHouseholdLabels, yuan } from './household-view-labels';
import { caseStatusColors, caseStatusText, useCaseLabels } from '../cases/cases-api';
import {
  categoryFilters,
  defaultSort,
  flagFilters,
  useHouseholdPages,
  useUrlFilter,
  type FlagFilter,
} from './households-list-query';

type FormValues = Omit<HouseholdFilter, FlagFilter | 'sort'> & { flags?: FlagFilter[] };

const pageSize = 50;

function formValuesOf(filter: HouseholdFilter): FormValues {
  const { sort: _sort, ...rest } = filter;
  const values: FormValues = { ...rest, flags: flagFilters.filter((f) => filter[f] === 'true') };
  for (const f of flagFilters) delete (values as HouseholdFilter)[f];
  return values;
}

/** 困难职工档案: the files of the user's subtree, filtered, searched and exported. */
export default function HouseholdsPage() {
  const { t } = useTranslation();
  const labels = useHouseholdLabels();
  const caseLabels = useCaseLabels();
  const can = useCan();
  const navigate = useNavigate();
  const report = useReportError();
  const [form] = Form.useForm<FormValues>();
  const { filter, setFilter } = useUrlFilter();
  const { items, cursor, isLoading, load } = useHouseholdPages(filter, pageSize);
  const [isExporting, setExporting] = useState(false);

  // Back/forward or a pasted link: the form shows the filter of the URL.
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(formValuesOf(filter));
  }, [filter, form]);

  const apply = (values: FormValues) => {
    const { flags = [], ...rest } = values;
    const next: HouseholdFilter = { sort: filter.sort };
    for (const [key, value] of Object.entries(rest))
      if (value !== undefined && value !== null && value !== '')
        (next as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value;
    for (const f of flags) next[f] = 'true';
    setFilter(next);
  };

  const exportList = async () => {
    setExporting(true);
    try {
      await householdsApi.export(filter);
    } catch (error) {
      report(error);
    } finally {
      setExporting(false);
    }
  };

  const enumOptions = <K extends string>(keys: readonly K[], label: (k: K) => string) =>
    keys.map((k) => ({ value: k, label: label(k) }));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card className="bf-filter-card">
        <Form<FormValues>
          form={form}
          layout="inline"
          onFinish={apply}
          style={{ rowGap: 12 }}
          aria-label={t('households.filters')}
        >
          <Form.Item name="q" label={t('households.search')}>
            <Input
              allowClear
              placeholder={t('households.searchPlaceholder')}
              style={{ width: 300 }}
            />
          </Form.Item>
          <Form.Item name="nodeId" label={t('households.node')}>
            <OrgTreeSelect
              allowClear
              includeInactive
              placeholder={t('households.nodePlaceholder')}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item name="category" label={t('households.category')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 150 }}
              options={enumOptions(categoryFilters, (c) =>
                c === 'not_eligible' ? t('households.notEligible') : labels.category(c, true),
              )}
            />
          </Form.Item>
          <Form.Item name="status" label={t('households.status')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 110 }}
              options={enumOptions(householdStatuses, labels.status)}
            />
          </Form.Item>
          <Form.Item name="cause" label={t('households.mainCause')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 150 }}
              options={enumOptions(hardshipCauses, labels.cause)}
            />
          </Form.Item>
          <Form.Item name="standardLevel" label={t('households.standardLevel')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 120 }}
              options={enumOptions(standardLevels, labels.standardLevel)}
            />
          </Form.Item>
          <Form.Item name="workStatus" label={t('households.headWorkStatus')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 130 }}
              options={enumOptions(workStatuses, labels.workStatus)}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('moves.kind.label')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 120 }}
              options={fileKinds.map((k) => ({ value: k, label: t(`moves.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="flags">
            <Checkbox.Group
              options={flagFilters.map((f) => ({ value: f, label: t(`households.flag.${f}`) }))}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button
                icon={<ReloadOutlined />}
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      <Card>
        <div className="bf-toolbar">
          <Space wrap>
            {can('household.manage') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => void navigate('/households/new')}
              >
                {t('households.create')}
              </Button>
            )}
            {can('household.manage') && (
              <Button onClick={() => void navigate('/households/new?kind=temporary')}>
                {t('moves.newTemporary')}
              </Button>
            )}
            <Button
              icon={<DownloadOutlined />}
              loading={isExporting}
              onClick={() => void exportList()}
            >
              {t('households.export')}
            </Button>
            <TemplateExportButton filter={filter} />
          </Space>
          <Space>
            <Select
              aria-label={t('households.sort')}
              value={filter.sort ?? defaultSort}
              style={{ width: 210 }}
              onChange={(sort) =>
                setFilter({ ...filter, sort: sort === defaultSort ? undefined : sort })
              }
              options={householdSorts.map((s) => ({
                value: s,
                label: t(`households.sort_.${s}`),
              }))}
            />
            <Tooltip title={t('common.refresh')}>
              <Button
                icon={<ReloadOutlined />}
                onClick={() => void load(null)}
                aria-label={t('common.refresh')}
              />
            </Tooltip>
          </Space>
        </div>
        <Table<HouseholdSummary>
          rowKey="id"
          size="small"
          loading={isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('households.empty') }}
          columns={[
            {
              title: t('households.headName'),
              dataIndex: 'headName',
              render: (name: string, h) => (
                <Space size={4}>
                  <Link to={`/households/${h.id}`} data-testid="household-link">
                    {name}
                  </Link>
                  {h.fileKind === 'temporary' && (
                    <Tooltip title={h.temporaryUntil}>
                      <Tag color="purple">{t('moves.kind.temporary')}</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            {
              title: t('households.idNumber'),
              dataIndex: 'headIdNumberMasked',
              render: (v: string) => <span className="bf-mono">{v || '—'}</span>,
            },
            {
              title: t('households.memberCount'),
              dataIndex: 'memberCount',
              align: 'right',
            },
            { title: t('households.node'), dataIndex: 'nodeName' },
            {
              title: t('households.category'),
              key: 'category',
              render: (_, h) => labels.categoryTag(h.category, h.eligible),
            },
            {
              title: t('households.perCapita'),
              dataIndex: 'perCapitaMonthlyFen',
              align: 'right',
              render: (v: number | null) => yuan(v),
            },
            {
              title: t('households.mainCause'),
              dataIndex: 'mainCause',
              render: (v: HouseholdSummary['mainCause']) => labels.cause(v),
            },
            {
              title: t('households.status'),
              dataIndex: 'status',
              // Until it is registered, an active file shows where its registration stands.
              render: (v: HouseholdSummary['status'], h) =>
                v === 'active' && h.caseStatus !== 'registered' ? (
                  <Tag color={caseStatusColors[h.caseStatus]}>
                    {caseStatusText(caseLabels, h.caseStatus, h.caseStep)}
                  </Tag>
                ) : (
                  labels.status(v)
                ),
            },
            {
              title: t('households.updatedAt'),
              dataIndex: 'updatedAt',
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
          ]}
        />
        <div className="bf-load-more">
          <span>{t('common.loaded', { count: items.length })}</span>
          {cursor !== null ? (
            <Button size="small" loading={isLoading} onClick={() => void load(cursor)}>
              {t('common.loadMore')}
            </Button>
          ) : (
            items.length > 0 && <span>· {t('common.noMore')}</span>
          )}
        </div>
      </Card>
    </Space>
  );
}
