import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Popconfirm,
  Progress,
  Radio,
  Result,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { FileDrop } from '../../components/file-drop';
import { useTranslation } from 'react-i18next';
import type {
  ImportIssue,
  ImportMode,
  ImportStatus,
  ImportView,
} from '../../../shared/imports/household-import';
import { hardshipCategoryLabels } from '../../../shared/households/policy';
import { api } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useMe } from '../../session/session';

const statusColors = {
  validating: 'processing',
  validated: 'blue',
  failed: 'error',
  committing: 'processing',
  committed: 'success',
  cancelled: 'warning',
} as const satisfies Record<ImportStatus, string>;

const isBusy = (v: ImportView | null) => v?.status === 'validating' || v?.status === 'committing';

/**
 * 批量导入: download the template, upload a filled workbook (or CSV), watch
 * its check, read the preview (new / changed / unchanged / rejected, the
 * assessment's categories, the first rejected rows), download the error
 * report, then commit — a background job with its progress bar — and see
 * the history of imports in scope.
 */
export default function ImportsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const report = useReportError();
  const me = useMe();
  const [nodeId, setNodeId] = useState<number | undefined>(me.node.id);
  const [mode, setMode] = useState<ImportMode>('draft');
  const [current, setCurrent] = useState<ImportView | null>(null);
  const [history, setHistory] = useState<ImportView[]>([]);
  const [isUploading, setUploading] = useState(false);
  const [isActing, setActing] = useState(false);
  const isZh = i18n.language.startsWith('zh');

  const loadHistory = useCallback(async () => {
    try {
      setHistory(await api.get<ImportView[]>('/api/imports'));
    } catch (error) {
      report(error);
    }
  }, [report]);

  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  // Poll the import while it is being checked or written.
  useEffect(() => {
    if (!current || !isBusy(current)) return;
    const timer = setTimeout(async () => {
      try {
        const next = await api.get<ImportView>(`/api/imports/${current.id}`);
        setCurrent(next);
        if (!isBusy(next)) void loadHistory();
      } catch (error) {
        report(error);
      }
    }, 800);
    return () => clearTimeout(timer);
  }, [current, loadHistory, report]);

  const upload = async (file: File) => {
    if (!nodeId) {
      void message.warning(t('imports.pickNode'));
      return;
    }
    setUploading(true);
    try {
      setCurrent(await api.upload<ImportView>('/api/imports', file, { nodeId, mode }));
      void loadHistory();
    } catch (error) {
      report(error);
    } finally {
      setUploading(false);
    }
  };

  const act = async (action: 'commit' | 'cancel') => {
    if (!current) return;
    setActing(true);
    try {
      setCurrent(await api.post<ImportView>(`/api/imports/${current.id}/${action}`));
      void loadHistory();
    } catch (error) {
      report(error);
    } finally {
      setActing(false);
    }
  };

  const download = async (path: string, name: string) => {
    try {
      await api.download(path, name);
    } catch (error) {
      report(error);
    }
  };

  const open = async (id: number) => {
    try {
      setCurrent(await api.get<ImportView>(`/api/imports/${id}`));
    } catch (error) {
      report(error);
    }
  };

  const categoryName = (code: string) =>
    code in hardshipCategoryLabels
      ? hardshipCategoryLabels[code as keyof typeof hardshipCategoryLabels][isZh ? 'zh' : 'en']
      : t(`imports.category.${code === 'not_eligible' ? 'notEligible' : 'unassessed'}`);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('imports.title')}
      </Typography.Title>
      <Card>
        <Flex vertical gap={16}>
          <Alert type="info" showIcon title={t('imports.intro')} />
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                void download('/api/imports/template', 'household-import-template.xlsx')
              }
            >
              {t('imports.template')}
            </Button>
          </Space>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('imports.node')}>
              <OrgTreeSelect
                value={nodeId ?? null}
                onChange={setNodeId}
                style={{ width: 360 }}
                placeholder={t('imports.pickNode')}
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('imports.mode')}>
              <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)}>
                <Radio value="draft">{t('imports.modes.draft')}</Radio>
                <Radio value="registered">{t('imports.modes.registered')}</Radio>
              </Radio.Group>
            </Descriptions.Item>
          </Descriptions>
          <FileDrop
            accept=".xlsx,.csv"
            disabled={isUploading || isBusy(current)}
            onFile={(file) => void upload(file)}
            text={t('imports.drop')}
            hint={t('imports.dropHint')}
          />
        </Flex>
      </Card>

      {current && (
        <Card
          data-testid="import-current"
          title={
            <Space>
              <FileExcelOutlined />
              {current.fileName}
              <Tag color={statusColors[current.status]}>
                {t(`imports.status.${current.status}`)}
              </Tag>
            </Space>
          }
        >
          <CurrentImport
            view={current}
            isActing={isActing}
            onCommit={() => void act('commit')}
            onCancel={() => void act('cancel')}
            onReport={() =>
              void download(`/api/imports/${current.id}/error-report`, 'import-errors.xlsx')
            }
            categoryName={categoryName}
          />
        </Card>
      )}

      <Card title={t('imports.history')}>
        <Table<ImportView>
          rowKey="id"
          size="small"
          dataSource={history}
          pagination={{ pageSize: 10 }}
          onRow={(r) => ({ onClick: () => void open(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('imports.file'), dataIndex: 'fileName' },
            { title: t('imports.node'), dataIndex: 'nodeName' },
            { title: t('imports.by'), dataIndex: 'createdBy' },
            {
              title: t('imports.at'),
              dataIndex: 'createdAt',
              render: (v: string) => new Date(v).toLocaleString(),
            },
            {
              title: t('imports.statusTitle'),
              dataIndex: 'status',
              render: (s: ImportStatus) => (
                <Tag color={statusColors[s]}>{t(`imports.status.${s}`)}</Tag>
              ),
            },
            {
              title: t('imports.counts'),
              render: (_, r) =>
                r.summary
                  ? t('imports.countsText', {
                      new: String(r.summary.new),
                      changed: String(r.summary.changed),
                      unchanged: String(r.summary.unchanged),
                      rejected: String(r.summary.rejected),
                    })
                  : '—',
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

function CurrentImport(props: {
  view: ImportView;
  isActing: boolean;
  onCommit: () => void;
  onCancel: () => void;
  onReport: () => void;
  categoryName: (code: string) => string;
}) {
  const { view, isActing } = props;
  const { t } = useTranslation();
  const s = view.summary;
  const toWrite = s ? s.new + s.changed : 0;

  if (view.status === 'validating')
    return (
      <Flex vertical gap={8}>
        <Progress percent={99} status="active" showInfo={false} />
        <Typography.Text>{t('imports.checking', { rows: String(view.rowsRead) })}</Typography.Text>
        <div>
          <Button onClick={props.onCancel} loading={isActing}>
            {t('imports.cancel')}
          </Button>
        </div>
      </Flex>
    );
  if (view.status === 'failed')
    return <Result status="error" title={t('imports.failed')} subTitle={view.error} />;

  const job = view.job;
  return (
    <Flex vertical gap={16}>
      {s && (
        <Flex gap={32} wrap>
          <Statistic title={t('imports.rows')} value={s.rows} />
          <Statistic title={t('imports.households')} value={s.households} />
          <Statistic
            title={t('imports.new')}
            value={s.new}
            styles={{ content: { color: '#389e0d' } }}
          />
          <Statistic title={t('imports.changed')} value={s.changed} />
          <Statistic title={t('imports.unchanged')} value={s.unchanged} />
          <Statistic
            title={t('imports.rejected')}
            value={s.rejected}
            styles={{ content: s.rejected ? { color: '#cf1322' } : {} }}
          />
          <Statistic title={t('imports.rejectedRows')} value={s.rejectedRows} />
        </Flex>
      )}
      {s && Object.keys(s.categories).length > 0 && (
        <Space wrap>
          <Typography.Text type="secondary">{t('imports.categories')}</Typography.Text>
          {Object.entries(s.categories).map(([code, n]) => (
            <Tag key={code}>
              {props.categoryName(code)} {n}
            </Tag>
          ))}
        </Space>
      )}
      {view.issueCount > 0 && (
        <>
          <Alert
            type="warning"
            showIcon
            title={t('imports.issuesTitle', { count: view.issueCount })}
            description={t('imports.issuesHint')}
            action={
              <Button icon={<DownloadOutlined />} onClick={props.onReport}>
                {t('imports.errorReport')}
              </Button>
            }
          />
          <Table<ImportIssue>
            size="small"
            data-testid="import-issues"
            rowKey={(r) => `${r.sheet}/${r.row}/${r.column}/${r.message}`}
            dataSource={view.issues}
            pagination={false}
            columns={[
              { title: t('imports.sheet'), dataIndex: 'sheet', width: 90 },
              { title: t('imports.row'), dataIndex: 'row', width: 70 },
              {
                title: t('imports.column'),
                dataIndex: 'columnLabel',
                width: 140,
                render: (v: string | null) => v ?? '—',
              },
              { title: t('imports.message'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
      {view.status === 'validated' && (
        <Space>
          <Popconfirm
            title={t('imports.confirm', { count: toWrite })}
            onConfirm={props.onCommit}
            disabled={toWrite === 0}
          >
            <Button type="primary" disabled={toWrite === 0} loading={isActing}>
              {toWrite === 0 ? t('imports.nothing') : t('imports.commit', { count: toWrite })}
            </Button>
          </Popconfirm>
          <Button onClick={props.onCancel} loading={isActing}>
            {t('imports.cancel')}
          </Button>
        </Space>
      )}
      {(view.status === 'committing' || view.status === 'committed') && job && (
        <Flex vertical gap={8} data-testid="import-progress">
          <Progress
            percent={
              job.progressTotal
                ? Math.floor(
                    (Math.min(job.progressDone, job.progressTotal) * 100) / job.progressTotal,
                  )
                : view.status === 'committed'
                  ? 100
                  : 0
            }
            status={view.status === 'committing' ? 'active' : 'success'}
          />
          <Typography.Text>
            {t('imports.written', {
              done: String(job.progressDone),
              total: String(job.progressTotal),
              created: String(job.result?.created ?? 0),
              updated: String(job.result?.updated ?? 0),
              failed: String(job.result?.failed ?? 0),
            })}
          </Typography.Text>
          {view.status === 'committing' && (
            <div>
              <Button onClick={props.onCancel} loading={isActing}>
                {t('imports.cancel')}
              </Button>
            </div>
          )}
        </Flex>
      )}
      {view.status === 'committed' && (
        <Result status="success" title={t('imports.done')} style={{ padding: 8 }} />
      )}
    </Flex>
  );
}
