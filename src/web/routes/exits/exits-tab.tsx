import { useState } from 'react';
import { Alert, Button, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MonthlyIncomeView } from '../../../shared/exits/income-rule';
import { useLoad } from '../../api/use-load';
import { useCan } from '../../session/session';
import { yuan } from '../households/household-view-labels';
import { notifyInboxChanged } from '../cases/inbox-badge';
import { AfterExitSection } from './after-exit-section';
import { ExitActionModal, IncomesModal, ProposeExitModal } from './exit-modals';
import {
  exitStatusColors,
  exitsApi,
  useExitLabels,
  type ExitAction,
  type ExitLabels,
  type ExitView,
} from './exits-api';

/**
 * 退出与回访: the file's monthly incomes with the 6-month 脱困 check, its exits
 * (propose, verify, decide, withdraw, print), and after an exit its
 * follow-ups, relapse flags and re-admission.
 */
export function ExitsTab({
  householdId,
  memberCount,
  onChanged,
}: {
  householdId: number;
  memberCount: number;
  /** The file's status changed (exited, re-admitted): the page reloads it. */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const labels = useExitLabels();
  const can = useCan();
  const navigate = useNavigate();
  const incomes = useLoad(() => exitsApi.incomes(householdId), [householdId]);
  const overview = useLoad(() => exitsApi.exits(householdId), [householdId]);
  const after = useLoad(() => exitsApi.afterExit(householdId), [householdId]);
  const [isRecording, setRecording] = useState(false);
  const [isProposing, setProposing] = useState(false);
  const [acting, setActing] = useState<{ exit: ExitView; action: ExitAction } | null>(null);
  const canManage = can('household.manage');

  const reloadAll = () => {
    void incomes.reload();
    void overview.reload();
    void after.reload();
    notifyInboxChanged();
    onChanged();
  };
  const check = incomes.data?.check;
  const showAfter =
    after.data &&
    (after.data.followUps.length > 0 || after.data.flags.length > 0 || after.data.canReadmit);

  return (
    <Space orientation="vertical" size={24} style={{ width: '100%' }} data-testid="exits-tab">
      {overview.data?.status === 'exited' && overview.data.exitKind && (
        <Alert
          type="warning"
          showIcon
          title={t('exits.exited', {
            kind: labels.kind(overview.data.exitKind as ExitView['kind']),
            date: overview.data.exitedAt ? dayjs(overview.data.exitedAt).format('YYYY-MM-DD') : '',
          })}
        />
      )}
      <div>
        <div className="bf-toolbar" style={{ marginBottom: 8 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('exits.incomes')}
          </Typography.Title>
          {canManage && (
            <Button
              icon={<PlusOutlined />}
              onClick={() => setRecording(true)}
              data-testid="record-incomes"
            >
              {t('exits.recordIncomes')}
            </Button>
          )}
        </div>
        {check && (
          <Alert
            style={{ marginBottom: 12 }}
            showIcon
            type={check.qualifies ? 'success' : 'info'}
            data-testid="income-check"
            title={
              <Space size={8} wrap>
                {t('exits.checkTitle', { months: String(check.requiredMonths) })}
                <Tag color={check.qualifies ? 'success' : 'default'}>
                  {check.qualifies ? t('exits.checkQualifies') : t('exits.checkNotYet')}
                </Tag>
              </Space>
            }
            description={check.explanation[labels.lang]}
          />
        )}
        <Table<MonthlyIncomeView>
          size="small"
          rowKey="month"
          loading={incomes.isLoading}
          dataSource={incomes.data?.records ?? []}
          pagination={(incomes.data?.records.length ?? 0) > 12 ? { pageSize: 12 } : false}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exits.noIncomes')} />
            ),
          }}
          rowClassName={(r) => (check?.runMonths.includes(r.month) ? 'bf-row-highlight' : '')}
          columns={[
            { title: t('exits.month'), dataIndex: 'month' },
            { title: t('exits.income'), dataIndex: 'incomeFen', align: 'right', render: yuan },
            { title: t('exits.members'), dataIndex: 'memberCount', align: 'right' },
            {
              title: t('exits.perCapita'),
              dataIndex: 'perCapitaFen',
              align: 'right',
              render: yuan,
            },
            {
              title: t('exits.line'),
              dataIndex: 'lineFen',
              align: 'right',
              render: (v: number | null) => (v === null ? '—' : yuan(v)),
            },
            {
              title: t('exits.vsLine'),
              key: 'vs',
              render: (_, r) =>
                r.lineFen === null ? (
                  <Tag>{t('exits.noLine')}</Tag>
                ) : r.isAbove ? (
                  <Tag color="success">{t('exits.above')}</Tag>
                ) : (
                  <Tag color="warning">
                    {t('exits.notAbove')}
                    {r.shortfallFen ? ` −${yuan(r.shortfallFen)}` : ''}
                  </Tag>
                ),
            },
            { title: t('exits.note'), dataIndex: 'note' },
            { title: t('exits.recordedBy'), dataIndex: 'recordedByName' },
          ]}
        />
      </div>
      <div>
        <div className="bf-toolbar" style={{ marginBottom: 8 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('exits.exitsTitle')}
          </Typography.Title>
          {overview.data?.canPropose && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setProposing(true)}
              data-testid="propose-exit"
            >
              {t('exits.propose')}
            </Button>
          )}
        </div>
        {overview.data && overview.data.exits.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exits.noExits')} />
        )}
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {overview.data?.exits.map((exit) => (
            <ExitCard
              key={exit.id}
              exit={exit}
              labels={labels}
              onAct={(action) => setActing({ exit, action })}
              onPrint={() => void navigate(`/households/${householdId}/exits/${exit.id}/print`)}
            />
          ))}
        </Space>
      </div>
      {showAfter && (
        <AfterExitSection householdId={householdId} view={after.data!} onChanged={reloadAll} />
      )}
      {isRecording && (
        <IncomesModal
          householdId={householdId}
          defaultMembers={incomes.data?.records[0]?.memberCount ?? Math.max(1, memberCount)}
          onClose={() => setRecording(false)}
          onDone={(view) => {
            setRecording(false);
            incomes.setData(view);
            void after.reload();
          }}
        />
      )}
      {isProposing && (
        <ProposeExitModal
          householdId={householdId}
          incomes={incomes.data}
          onClose={() => setProposing(false)}
          onDone={() => {
            setProposing(false);
            reloadAll();
          }}
        />
      )}
      {acting && (
        <ExitActionModal
          householdId={householdId}
          exit={acting.exit}
          action={acting.action}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            reloadAll();
          }}
        />
      )}
    </Space>
  );
}

function ExitCard({
  exit,
  labels,
  onAct,
  onPrint,
}: {
  exit: ExitView;
  labels: ExitLabels;
  onAct: (action: ExitAction) => void;
  onPrint: () => void;
}) {
  const { t } = useTranslation();
  const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '');
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      data-testid={`exit-${exit.id}`}
      title={
        <Space size={8} wrap>
          {labels.kind(exit.kind)}
          <Tag color={exitStatusColors[exit.status]} data-testid="exit-status">
            {labels.status(exit.status)}
          </Tag>
        </Space>
      }
      extra={
        <Space wrap>
          {exit.actions.map((action) => (
            <Button
              key={action}
              size="small"
              type={action === 'verify' || action === 'approve' ? 'primary' : 'default'}
              danger={action === 'reject' || action === 'withdraw'}
              data-testid={`exit-action-${action}`}
              onClick={() => onAct(action)}
            >
              {labels.action(action)}
            </Button>
          ))}
          <Button size="small" icon={<PrinterOutlined />} onClick={onPrint}>
            {t('exits.print')}
          </Button>
        </Space>
      }
      items={[
        {
          key: 'reason',
          label: t('exits.reasonCode'),
          children: labels.reason(exit.kind, exit.reasonCode),
        },
        {
          key: 'proposed',
          label: t('exits.proposedBy'),
          children: `${exit.proposedByName ?? ''} ${when(exit.proposedAt)} · ${t(`exits.sources.${exit.source}`)}`,
        },
        { key: 'text', label: t('exits.reason'), span: 'filled' as const, children: exit.reason },
        ...(exit.evidence.documents.length
          ? [
              {
                key: 'evidence',
                label: t('exits.evidence'),
                span: 'filled' as const,
                children: exit.evidence.documents.map((d) => d.fileName).join('、'),
              },
            ]
          : []),
        ...(exit.evidence.incomeCheck
          ? [
              {
                key: 'income',
                label: t('exits.incomeCheckAtProposal'),
                span: 'filled' as const,
                children: exit.evidence.incomeCheck.explanation[labels.lang],
              },
            ]
          : []),
        ...(exit.verification
          ? [
              {
                key: 'verification',
                label: t('exits.verification'),
                span: 'filled' as const,
                children: `${exit.verification.date} · ${labels.method(exit.verification.method)} · ${t('exits.toldWho')}：${exit.verification.toldWho} · ${exit.verification.findings}（${exit.verifiedByName ?? ''}）`,
              },
            ]
          : []),
        ...(exit.decidedAt
          ? [
              {
                key: 'decision',
                label: t('exits.decidedBy'),
                span: 'filled' as const,
                children: `${exit.decidedByName ?? ''} ${when(exit.decidedAt)}${exit.decisionOpinion ? ` · ${exit.decisionOpinion}` : ''}${exit.effectiveOn ? ` · ${t('exits.effectiveOn')} ${exit.effectiveOn}` : ''}`,
              },
            ]
          : []),
      ]}
    />
  );
}
