import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Popconfirm,
  Result,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { DownloadOutlined, WarningOutlined } from '@ant-design/icons';
import { FileDrop } from '../../components/file-drop';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { ArchiveImportResult } from '../../../shared/exchange/household-archive';
import { api } from '../../api/client';
import type { OrgNode } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useLocale } from '../../i18n';
import { useCan, useMe } from '../../session/session';

type Skipped = ArchiveImportResult['skipped'][number];

/** The last import, as the screen shows it: what the API answered, for which file and node. */
type ImportOutcome = {
  fileName: string;
  nodeName: string;
  at: string;
  result: ArchiveImportResult;
};

/**
 * 数据交换: the household archive exchange file (docs/exchange-format.md).
 * Export a node's subtree for the higher union (unmasked: household.reveal,
 * after a confirmation), or import a lower union's file under a node
 * (household.manage) and read what was created, registered and skipped.
 */
export default function ExchangePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const report = useReportError();
  const can = useCan();
  const me = useMe();
  const [nodeId, setNodeId] = useState<number | undefined>(me.node.id);
  const [isExporting, setExporting] = useState(false);
  const [isImporting, setImporting] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const node = useLoad(
    () => (nodeId ? api.get<OrgNode>(`/api/orgs/${nodeId}`) : Promise.resolve(undefined)),
    [nodeId],
  );
  const nodeName = node.data?.name ?? '';

  const exportArchive = async () => {
    if (!nodeId) return;
    setExporting(true);
    try {
      await api.download(
        `/api/exchange/archive?nodeId=${nodeId}`,
        `${node.data?.code ?? nodeId}-household-archive.jsonl`,
      );
      void message.success(t('exchange.exported'));
    } catch (error) {
      report(error);
    } finally {
      setExporting(false);
    }
  };

  const importArchive = async (file: File) => {
    if (!nodeId) {
      void message.warning(t('exchange.pickNode'));
      return;
    }
    setImporting(true);
    try {
      const result = await api.upload<ArchiveImportResult>('/api/exchange/archive', file, {
        nodeId,
      });
      setOutcome({ fileName: file.name, nodeName, at: new Date().toISOString(), result });
      void message.success(
        t('exchange.imported', {
          created: String(result.created),
          skipped: String(result.skipped.length),
        }),
      );
    } catch (error) {
      report(error);
    } finally {
      setImporting(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('exchange.title')}
      </Typography.Title>
      <Card>
        <Flex vertical gap={16}>
          <Alert type="info" showIcon title={t('exchange.intro')} />
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('exchange.node')}>
              <Space orientation="vertical" size={4}>
                <OrgTreeSelect
                  id="exchange-node"
                  value={nodeId ?? null}
                  onChange={setNodeId}
                  style={{ width: 360 }}
                  placeholder={t('exchange.pickNode')}
                />
                <Typography.Text type="secondary">{t('exchange.nodeHint')}</Typography.Text>
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Flex>
      </Card>

      <Card title={t('exchange.exportTitle')} data-testid="exchange-export">
        <Flex vertical gap={16}>
          <Alert
            type="warning"
            showIcon
            icon={<WarningOutlined />}
            title={t('exchange.exportWarning')}
          />
          <div>
            <Popconfirm
              title={t('exchange.exportConfirmTitle')}
              description={
                <div style={{ maxWidth: 360 }}>
                  {t('exchange.exportConfirm', { node: nodeName })}
                </div>
              }
              disabled={!nodeId || isExporting}
              onConfirm={() => void exportArchive()}
            >
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                loading={isExporting}
                disabled={!nodeId}
              >
                {t('exchange.exportButton')}
              </Button>
            </Popconfirm>
          </div>
        </Flex>
      </Card>

      <Card title={t('exchange.importTitle')} data-testid="exchange-import">
        {can('household.manage') ? (
          <Flex vertical gap={16}>
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('exchange.importHint')}
            </Typography.Paragraph>
            <FileDrop
              accept=".jsonl,.ndjson,application/x-ndjson"
              disabled={isImporting || !nodeId}
              onFile={(file) => void importArchive(file)}
              text={isImporting ? t('exchange.importing') : t('exchange.drop')}
              hint={t('exchange.dropHint')}
            />
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('exchange.noPermission')}</Typography.Text>
        )}
      </Card>

      {outcome && <ImportResult outcome={outcome} />}
    </Flex>
  );
}

function ImportResult({ outcome }: { outcome: ImportOutcome }) {
  const { t } = useTranslation();
  const isZh = useLocale() === 'zh-CN';
  const { result } = outcome;
  return (
    <Card title={t('exchange.resultTitle')} data-testid="exchange-result">
      <Flex vertical gap={16}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('exchange.file')}>{outcome.fileName}</Descriptions.Item>
          <Descriptions.Item label={t('exchange.target')}>{outcome.nodeName}</Descriptions.Item>
          <Descriptions.Item label={t('exchange.at')}>
            {dayjs(outcome.at).format('YYYY-MM-DD HH:mm:ss')}
          </Descriptions.Item>
        </Descriptions>
        <Space size={48} wrap>
          <Statistic
            title={t('exchange.created')}
            value={result.created}
            styles={{ content: { color: result.created ? '#389e0d' : undefined } }}
          />
          <Statistic title={t('exchange.registered')} value={result.registered} />
          <Statistic
            title={t('exchange.skipped')}
            value={result.skipped.length}
            styles={{ content: { color: result.skipped.length ? '#d46b08' : undefined } }}
          />
        </Space>
        {result.skipped.length ? (
          <Flex vertical gap={8}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('exchange.skippedTitle')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('exchange.skippedHint')}</Typography.Text>
            <Table<Skipped>
              data-testid="exchange-skipped"
              rowKey="line"
              size="small"
              dataSource={result.skipped}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { key: 'line', title: t('exchange.line'), dataIndex: 'line', width: 110 },
                {
                  key: 'name',
                  title: t('exchange.head'),
                  dataIndex: 'name',
                  width: 160,
                  render: (v: string) => v || '—',
                },
                {
                  key: 'reason',
                  title: t('exchange.reason'),
                  render: (_, s) => (isZh ? (s.userMessage ?? s.reason) : s.reason),
                },
              ]}
            />
          </Flex>
        ) : (
          <Result status="success" title={t('exchange.noSkipped')} />
        )}
      </Flex>
    </Card>
  );
}
