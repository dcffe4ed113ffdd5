import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { HouseholdFile } from '../../../shared/households/household-file';
import { todayInShanghai } from '../../../shared/households/id-number';
import { isOpenTransfer } from '../../../shared/transfers/transfer';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { useCan } from '../../session/session';
import {
  movesApi,
  transferStatusColors,
  useTransferLabels,
  type TransferAction,
  type TransferView,
} from './moves-api';
import { TransferActionModal } from './transfer-action-modal';
import { TransferRequestModal } from './transfer-request-modal';

/**
 * On the file page: the banner of a temporary-relief file (end date, convert,
 * close) and the file's transfers (request one, the open one's status and
 * actions, the history).
 */
export function HouseholdMovesPanel({
  file,
  onChanged,
}: {
  file: HouseholdFile;
  onChanged: () => void;
}) {
  const can = useCan();
  const canManage = can('household.manage');
  const { data: transfers, reload } = useLoad(() => movesApi.ofHousehold(file.id), [file.id]);
  const changed = () => {
    void reload();
    onChanged();
  };
  if (file.fileKind !== 'temporary' && !canManage && !transfers?.length) return null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {file.fileKind === 'temporary' && (
        <TemporaryBanner file={file} canManage={canManage} onChanged={changed} />
      )}
      {(canManage || (transfers?.length ?? 0) > 0) && (
        <TransfersCard
          file={file}
          transfers={transfers ?? []}
          canManage={canManage}
          onChanged={changed}
        />
      )}
    </Space>
  );
}

function TemporaryBanner(props: {
  file: HouseholdFile;
  canManage: boolean;
  onChanged: () => void;
}) {
  const { file } = props;
  const { t } = useTranslation();
  const report = useReportError();
  const { message } = App.useApp();
  const [isClosing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const [isSaving, setSaving] = useState(false);
  const isActive = file.status === 'active';
  const isOverdue =
    isActive && file.temporaryUntil !== null && file.temporaryUntil < todayInShanghai();

  const run = async (action: () => Promise<unknown>, done: string) => {
    setSaving(true);
    try {
      await action();
      void message.success(done);
      setClosing(false);
      props.onChanged();
    } catch (e) {
      report(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Alert
      type={isOverdue ? 'warning' : 'info'}
      showIcon
      data-testid="temporary-banner"
      title={
        <Space wrap>
          <Typography.Text strong>{t('moves.temporary.banner')}</Typography.Text>
          {file.temporaryUntil && (
            <span>{t('moves.temporary.until', { date: file.temporaryUntil })}</span>
          )}
          {isOverdue && <Tag color="red">{t('moves.temporary.overdue')}</Tag>}
          {!isActive && <Tag>{t('moves.temporary.closed')}</Tag>}
        </Space>
      }
      description={
        file.temporaryReason
          ? t('moves.temporary.reason', { reason: file.temporaryReason })
          : undefined
      }
      action={
        props.canManage && isActive ? (
          <Space orientation="vertical" size={4}>
            <Popconfirm
              title={t('moves.temporary.convertConfirm')}
              description={t('moves.temporary.convertHelp')}
              onConfirm={() =>
                void run(
                  () => movesApi.convert(file.id, file.version),
                  t('moves.temporary.converted'),
                )
              }
            >
              <Button
                size="small"
                type="primary"
                loading={isSaving}
                data-testid="temporary-convert"
              >
                {t('moves.temporary.convert')}
              </Button>
            </Popconfirm>
            <Button size="small" onClick={() => setClosing(true)} data-testid="temporary-close">
              {t('moves.temporary.close')}
            </Button>
            <Modal
              open={isClosing}
              title={t('moves.temporary.closeTitle')}
              okText={t('moves.temporary.close')}
              okButtonProps={{
                danger: true,
                loading: isSaving,
                disabled: reason.trim().length < 2,
              }}
              onOk={() =>
                void run(
                  () => movesApi.close(file.id, file.version, reason.trim()),
                  t('moves.temporary.closedOk'),
                )
              }
              onCancel={() => setClosing(false)}
            >
              <Typography.Paragraph type="secondary">
                {t('moves.temporary.closeHelp')}
              </Typography.Paragraph>
              <Input.TextArea
                rows={3}
                maxLength={500}
                value={reason}
                placeholder={t('moves.temporary.closeReason')}
                onChange={(e) => setReason(e.target.value)}
              />
            </Modal>
          </Space>
        ) : undefined
      }
    />
  );
}

function TransfersCard(props: {
  file: HouseholdFile;
  transfers: TransferView[];
  canManage: boolean;
  onChanged: () => void;
}) {
  const { file, transfers } = props;
  const { t } = useTranslation();
  const labels = useTransferLabels();
  const [isRequesting, setRequesting] = useState(false);
  const [acting, setActing] = useState<{ transfer: TransferView; action: TransferAction } | null>(
    null,
  );
  const open = transfers.find((x) => isOpenTransfer(x.status));

  return (
    <Card
      size="small"
      title={
        <Space>
          <SwapOutlined />
          {t('moves.transfer.title')}
        </Space>
      }
      extra={
        props.canManage &&
        !open &&
        file.status === 'active' && (
          <Button size="small" onClick={() => setRequesting(true)} data-testid="transfer-request">
            {t('moves.transfer.request')}
          </Button>
        )
      }
    >
      {open && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: transfers.length > 1 ? 12 : 0 }}
          data-testid="transfer-open"
          title={t('moves.transfer.openStatus', {
            to: open.toNode.name,
            status: labels.status(open.status),
          })}
          description={`${labels.reason(open.reason)}${open.note ? ` · ${open.note}` : ''} · ${t(
            'moves.transfer.requestedBy',
            {
              name: open.requestedBy ?? '—',
              at: dayjs(open.requestedAt).format('YYYY-MM-DD HH:mm'),
            },
          )}`}
          action={
            <Space>
              {open.actions.map((action) => (
                <Button
                  key={action}
                  size="small"
                  type={action === 'release' || action === 'accept' ? 'primary' : 'default'}
                  danger={action === 'refuse' || action === 'cancel'}
                  onClick={() => setActing({ transfer: open, action })}
                >
                  {labels.action(action)}
                </Button>
              ))}
            </Space>
          }
        />
      )}
      {!open && transfers.length === 0 && (
        <Typography.Text type="secondary">{t('moves.transfer.none')}</Typography.Text>
      )}
      {transfers.filter((x) => x !== open).length > 0 && (
        <Table<TransferView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={transfers.filter((x) => x !== open)}
          columns={[
            {
              title: t('moves.transfer.requestedAt'),
              dataIndex: 'requestedAt',
              render: (v: string) => dayjs(v).format('YYYY-MM-DD'),
            },
            { title: t('moves.transfer.from'), render: (_, x) => x.fromNode.name },
            { title: t('moves.transfer.to'), render: (_, x) => x.toNode.name },
            { title: t('moves.transfer.reason'), render: (_, x) => labels.reason(x.reason) },
            {
              title: t('moves.transfer.status'),
              render: (_, x) => (
                <Tag color={transferStatusColors[x.status]}>{labels.status(x.status)}</Tag>
              ),
            },
            {
              title: t('moves.transfer.opinion'),
              render: (_, x) => x.decisionOpinion ?? x.releaseOpinion ?? '—',
            },
          ]}
        />
      )}
      <TransferRequestModal
        householdId={file.id}
        open={isRequesting}
        onClose={() => setRequesting(false)}
        onDone={() => {
          setRequesting(false);
          props.onChanged();
        }}
      />
      <TransferActionModal
        transfer={acting?.transfer ?? null}
        action={acting?.action ?? null}
        onClose={() => setActing(null)}
        onDone={() => {
          setActing(null);
          props.onChanged();
        }}
      />
    </Card>
  );
}
