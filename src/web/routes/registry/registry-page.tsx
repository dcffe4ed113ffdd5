import { useState } from 'react';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { FileDrop } from '../../components/file-drop';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import {
  extractKindLabels,
  extractKinds,
  findingKindLabels,
  findingKinds,
  type ExtractKind,
  type FindingKind,
  type FindingStatus,
  type FindingView,
  type RegistryRoundView,
  type RoundRowKind,
} from '../../../shared/registry/registry';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { useCan } from '../../session/session';
import { useLocale } from '../../i18n';
import { FindingsTable } from './registry-findings';
import { RejectedRowsDrawer } from './registry-rejected-rows';

type FindingPage = { items: FindingView[]; nextBefore: number | null };

/**
 * 数据比对: upload an extract of another office's register, see the rounds
 * with their counts, and work through the findings queue (比对核查).
 */
export default function RegistryPage() {
  const { t } = useTranslation();
  const zh = useLocale() === 'zh-CN';
  const can = useCan();
  const report = useReportError();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [kind, setKind] = useState<ExtractKind>('dibao');
  const [isUploading, setUploading] = useState(false);
  const roundId = params.get('round') ? Number(params.get('round')) : undefined;
  const householdId = params.get('household') ? Number(params.get('household')) : undefined;
  const status = (params.get('status') ?? 'open') as FindingStatus | 'all';
  const findingKind = (params.get('kind') ?? undefined) as FindingKind | undefined;
  const [pages, setPages] = useState<FindingView[]>([]);
  const [rowsOf, setRowsOf] = useState<{ round: RegistryRoundView; which: RoundRowKind } | null>(
    null,
  );

  const rounds = useLoad(() => api.get<RegistryRoundView[]>('/api/registry/rounds'), []);
  const findings = useLoad(async () => {
    const page = await api.get<FindingPage>('/api/registry/findings', {
      roundId,
      householdId,
      kind: findingKind,
      status: status === 'all' ? undefined : status,
      limit: 50,
    });
    setPages([]);
    return page;
  }, [roundId, householdId, findingKind, status]);

  const setFilter = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };

  const more = async () => {
    const last = pages.at(-1)?.id ?? findings.data?.nextBefore;
    try {
      const page = await api.get<FindingPage>('/api/registry/findings', {
        roundId,
        householdId,
        kind: findingKind,
        status: status === 'all' ? undefined : status,
        limit: 50,
        before: last ?? undefined,
      });
      setPages((p) => [...p, ...page.items]);
    } catch (error) {
      report(error);
    }
  };

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const round = await api.upload<RegistryRoundView>('/api/registry/rounds', file, { kind });
      const { rejected, idUnusable } = round.counts;
      const said = t('registryMatch.uploaded', {
        rows: round.counts.rows,
        byId: round.counts.matchedById,
        byScore: round.counts.matchedByScore,
      });
      // Rows that could not be read, or were compared without their number, are a warning.
      if (rejected || idUnusable)
        void message.warning(
          `${said}${t('registryMatch.uploadedProblems', { rejected, idUnusable })}`,
          8,
        );
      else void message.success(said);
      void rounds.reload();
      setFilter('round', round.id);
    } catch (error) {
      report(error);
    } finally {
      setUploading(false);
    }
  };

  const items = [...(findings.data?.items ?? []), ...pages];
  const hasMore = pages.length ? pages.length % 50 === 0 : Boolean(findings.data?.nextBefore);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('registryMatch.title')}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={t('registryMatch.intro')} />
          {can('household.manage') && (
            <Space align="start" wrap>
              <Space>
                <span>{t('registryMatch.kind')}</span>
                <Select<ExtractKind>
                  style={{ width: 200 }}
                  value={kind}
                  onChange={setKind}
                  options={extractKinds.map((k) => ({
                    value: k,
                    label: zh ? extractKindLabels[k].zh : extractKindLabels[k].en,
                  }))}
                />
              </Space>
              <FileDrop
                accept=".xlsx,.csv"
                disabled={isUploading}
                onFile={(file) => void upload(file)}
                text={t('registryMatch.drop')}
                hint={t('registryMatch.dropHint')}
                style={{ width: 420 }}
              />
            </Space>
          )}
        </Space>
      </Card>

      <Card
        title={t('registryMatch.rounds')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void rounds.reload()}>
            {t('common.refresh')}
          </Button>
        }
      >
        <Table<RegistryRoundView>
          rowKey="id"
          size="small"
          loading={rounds.isLoading}
          dataSource={rounds.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          rowClassName={(r) => (r.id === roundId ? 'ant-table-row-selected' : '')}
          columns={[
            { key: 'id', title: '#', dataIndex: 'id', width: 60 },
            {
              key: 'kind',
              title: t('registryMatch.kind'),
              render: (_, r) => (zh ? extractKindLabels[r.kind].zh : extractKindLabels[r.kind].en),
            },
            { key: 'file', title: t('registryMatch.file'), dataIndex: 'fileName' },
            { key: 'node', title: t('registryMatch.node'), dataIndex: 'nodeName' },
            {
              key: 'at',
              title: t('registryMatch.uploadedAt'),
              render: (_, r) => (
                <Space orientation="vertical" size={0}>
                  <span>{dayjs(r.createdAt).format('YYYY-MM-DD HH:mm')}</span>
                  <Typography.Text type="secondary">{r.createdBy ?? '—'}</Typography.Text>
                </Space>
              ),
            },
            { key: 'rows', title: t('registryMatch.rows'), render: (_, r) => r.counts.rows },
            {
              key: 'byId',
              title: t('registryMatch.matchedById'),
              render: (_, r) => r.counts.matchedById,
            },
            {
              key: 'byScore',
              title: t('registryMatch.matchedByScore'),
              render: (_, r) => r.counts.matchedByScore,
            },
            {
              key: 'unmatched',
              title: t('registryMatch.unmatched'),
              render: (_, r) => r.counts.unmatched,
            },
            {
              key: 'rejected',
              title: t('registryMatch.rejected'),
              render: (_, r) => (
                <RoundRowsTag
                  count={r.counts.rejected}
                  color="red"
                  title={t('registryMatch.rejectedOpen')}
                  testId="round-rejected"
                  onOpen={() => setRowsOf({ round: r, which: 'rejected' })}
                />
              ),
            },
            {
              key: 'idUnusable',
              title: t('registryMatch.idUnusable'),
              render: (_, r) => (
                <RoundRowsTag
                  count={r.counts.idUnusable}
                  color="orange"
                  title={t('registryMatch.idUnusableOpen')}
                  testId="round-id-unusable"
                  onOpen={() => setRowsOf({ round: r, which: 'id_unusable' })}
                />
              ),
            },
            {
              key: 'open',
              title: t('registryMatch.openFindings'),
              render: (_, r) => (
                <Typography.Link onClick={() => setFilter('round', r.id)}>
                  {r.openFindings}
                </Typography.Link>
              ),
            },
          ]}
        />
      </Card>

      <Card
        title={t('registryMatch.queue')}
        extra={
          <Space wrap>
            <Select<string>
              style={{ width: 220 }}
              value={findingKind ?? ''}
              onChange={(v) => setFilter('kind', v)}
              options={[
                { value: '', label: t('registryMatch.allKinds') },
                ...findingKinds.map((k) => ({
                  value: k,
                  label: zh ? findingKindLabels[k].zh : findingKindLabels[k].en,
                })),
              ]}
            />
            <Select<string>
              style={{ width: 140 }}
              value={roundId ? String(roundId) : ''}
              onChange={(v) => setFilter('round', v)}
              options={[
                { value: '', label: t('registryMatch.allRounds') },
                ...(rounds.data ?? []).map((r) => ({
                  value: String(r.id),
                  label: `${t('registryMatch.round')} #${r.id}`,
                })),
              ]}
            />
            <Select<string>
              style={{ width: 120 }}
              value={status}
              onChange={(v) => setFilter('status', v)}
              options={(['open', 'confirmed', 'dismissed', 'all'] as const).map((s) => ({
                value: s,
                label: t(`registryMatch.status.${s}`),
              }))}
            />
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <FindingsTable
            findings={items}
            isLoading={findings.isLoading}
            canDecide={can('household.manage')}
            onDecided={() => {
              void findings.reload();
              void rounds.reload();
            }}
          />
          {hasMore && (
            <Button onClick={() => void more()} block>
              {t('common.more')}
            </Button>
          )}
        </Space>
      </Card>
      {rowsOf && (
        <RejectedRowsDrawer
          round={rowsOf.round}
          which={rowsOf.which}
          onClose={() => setRowsOf(null)}
        />
      )}
    </Space>
  );
}

/** A round's count of rows of one kind: a tag that opens them, or a plain 0. */
function RoundRowsTag(props: {
  count: number;
  color: string;
  title: string;
  testId: string;
  onOpen: () => void;
}) {
  if (!props.count) return 0;
  return (
    <Tag
      color={props.color}
      role="button"
      style={{ cursor: 'pointer' }}
      title={props.title}
      data-testid={props.testId}
      onClick={props.onOpen}
    >
      {props.count}
    </Tag>
  );
}
