import { useState } from 'react';
import {
  Button,
  Card,
  Descriptions,
  Empty,
  Space,
  Spin,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { StepsProps } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../api/use-load';
import { CaseActionModal } from './case-action-modal';
import { caseStatusColors, casesApi, useCaseLabels } from './cases-api';
import type { CaseAction, CaseView } from './cases-api';
import { notifyInboxChanged } from './inbox-badge';
import { CaseNotice } from '../notices/case-notice';
import type { CaseStepRecord } from '../../../shared/cases/registration';

const actionColors: Record<CaseStepRecord['action'], string> = {
  submit: 'blue',
  pass: 'green',
  reject: 'red',
  return: 'orange',
  resubmit: 'blue',
  withdraw: 'gray',
  register_directly: 'green',
  enter_temporary: 'purple',
  convert_temporary: 'blue',
  close_temporary: 'gray',
  transfer: 'cyan',
  readmit: 'magenta',
};

/** The Steps bar: the region's steps and registration, the case's place among them. */
function stepsOf(
  view: CaseView,
  labels: ReturnType<typeof useCaseLabels>,
  t: (k: 'cases.registeredStep') => string,
) {
  const titles = [...view.steps.map((s) => labels.step(s)), t('cases.registeredStep')];
  const at = Math.max(0, view.steps.indexOf(view.step));
  const current = view.status === 'registered' ? titles.length - 1 : at;
  const status: StepsProps['status'] =
    view.status === 'registered'
      ? 'finish'
      : view.status === 'rejected'
        ? 'error'
        : view.status === 'withdrawn'
          ? 'wait'
          : 'process';
  return { titles, current, status };
}

/**
 * 建档流程 on the file page: where the registration stands, what the caller
 * may do now (each action in its own dialog), and the timeline of who did what.
 */
export function CasePanel({
  householdId,
  isTemporary = false,
  onChanged,
}: {
  householdId: number;
  /** 临时救助档案: entered at once, without the registration steps (their bar is not shown). */
  isTemporary?: boolean;
  /** The case moved: the file page reloads (its status and file number follow). */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const [acting, setActing] = useState<CaseAction | null>(null);
  const { data: view, reload, setData } = useLoad(() => casesApi.get(householdId), [householdId]);

  if (!view)
    return (
      <Card title={t('cases.panelTitle')}>
        <Spin />
      </Card>
    );

  const { titles, current, status } = stepsOf(view, labels, t);
  const isOverdue =
    view.homeVisitDue !== null &&
    view.status === 'in_review' &&
    dayjs().format('YYYY-MM-DD') > view.homeVisitDue;

  return (
    <Card
      title={t('cases.panelTitle')}
      data-testid="case-panel"
      extra={
        <Space wrap>
          {view.actions.map((action) => (
            <Button
              key={action}
              type={
                action === 'pass' || action === 'submit' || action === 'resubmit'
                  ? 'primary'
                  : 'default'
              }
              danger={action === 'reject' || action === 'withdraw'}
              onClick={() => setActing(action)}
              data-testid={`case-action-${action}`}
            >
              {labels.action(action)}
            </Button>
          ))}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {isTemporary ? (
          <Typography.Text type="secondary" data-testid="case-temporary">
            {t('cases.temporaryNote')}
          </Typography.Text>
        ) : (
          <Steps
            size="small"
            titlePlacement="vertical"
            current={current}
            status={status}
            items={titles.map((title) => ({ title }))}
            data-testid="case-steps"
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('cases.status')}>
            <Space size={4} wrap>
              <Tag color={caseStatusColors[view.status]} data-testid="case-status">
                {labels.status(view.status)}
              </Tag>
              {view.status !== 'registered' && view.status !== 'draft' && (
                <Typography.Text>{labels.step(view.step)}</Typography.Text>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.since')}>
            {dayjs(view.stepSince).format('YYYY-MM-DD HH:mm')}
          </Descriptions.Item>
          {view.submittedOn && (
            <Descriptions.Item label={t('cases.submittedOn')}>{view.submittedOn}</Descriptions.Item>
          )}
          {view.homeVisitDue && (
            <Descriptions.Item label={t('cases.homeVisitDue')}>
              <Space size={4}>
                <Typography.Text
                  type={isOverdue ? 'danger' : undefined}
                  data-testid="case-visit-due"
                >
                  {view.homeVisitDue}
                </Typography.Text>
                {isOverdue && <Tag color="error">{t('cases.overdue')}</Tag>}
              </Space>
            </Descriptions.Item>
          )}
          {view.fileNo && (
            <Descriptions.Item label={t('cases.fileNo')}>
              <Typography.Text strong copyable data-testid="case-file-no">
                {view.fileNo}
              </Typography.Text>
            </Descriptions.Item>
          )}
          {view.registeredAt && (
            <Descriptions.Item label={t('cases.registeredAt')}>
              {dayjs(view.registeredAt).format('YYYY-MM-DD HH:mm')}
            </Descriptions.Item>
          )}
        </Descriptions>
        {view.status === 'in_review' && view.step === 'review_notice' && (
          <CaseNotice householdId={view.householdId} reloadKey={view.stepSince} />
        )}
        <CaseTimeline history={view.history} />
      </Space>
      {acting && (
        <CaseActionModal
          view={view}
          action={acting}
          onClose={() => setActing(null)}
          onMoved={() => {
            void reload();
            onChanged();
          }}
          onDone={(next) => {
            setActing(null);
            setData(next);
            onChanged();
            notifyInboxChanged();
          }}
        />
      )}
    </Card>
  );
}

function CaseTimeline({ history }: { history: CaseStepRecord[] }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  if (history.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noHistory')} />;
  // Newest first: what just happened is what the reader looks for.
  const items = [...history].reverse();
  return (
    <div data-testid="case-timeline">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('cases.timeline')}
      </Typography.Title>
      <Timeline
        items={items.map((h) => ({
          key: h.id,
          color: actionColors[h.action],
          content: (
            <div>
              <Space size={4} wrap>
                <Tag color={actionColors[h.action]}>{labels.action(h.action)}</Tag>
                <Typography.Text strong>{labels.step(h.step)}</Typography.Text>
                {h.toStatus !== h.fromStatus || h.toStep !== h.step ? (
                  <Typography.Text type="secondary">
                    →{' '}
                    {h.toStatus === 'in_review' ? labels.step(h.toStep) : labels.status(h.toStatus)}
                  </Typography.Text>
                ) : null}
              </Space>
              <div>
                <Typography.Text type="secondary">
                  {dayjs(h.at).format('YYYY-MM-DD HH:mm')} ·{' '}
                  {h.actorNodeName
                    ? t('cases.actorAt', {
                        name: h.actorName ?? t('cases.system'),
                        node: h.actorNodeName,
                      })
                    : (h.actorName ?? t('cases.system'))}
                </Typography.Text>
              </div>
              {h.opinion && (
                <div style={{ marginTop: 4 }}>
                  <Typography.Text type="secondary">
                    {t('cases.opinion')}
                    {t('common.colon')}
                  </Typography.Text>
                  {h.opinion}
                </div>
              )}
              {h.record && <RecordLines record={h.record} />}
            </div>
          ),
        }))}
      />
    </div>
  );
}

function RecordLines({ record }: { record: NonNullable<CaseStepRecord['record']> }) {
  const { t } = useTranslation();
  const lines: [string, string | undefined][] = [
    [t('cases.record.date'), record.date],
    [t('cases.record.place'), record.place],
    [t('cases.record.participants'), record.participants],
    [t('cases.record.findings'), record.findings],
    [t('cases.record.objections'), record.objections],
  ];
  const shown = lines.filter(([, v]) => v);
  if (shown.length === 0) return null;
  return (
    <div
      className="bf-case-record"
      style={{ marginTop: 4, paddingLeft: 8, borderLeft: '2px solid #f0f0f0' }}
    >
      {shown.map(([label, value]) => (
        <div key={label}>
          <Typography.Text type="secondary">
            {label}
            {t('common.colon')}
          </Typography.Text>
          <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span>
        </div>
      ))}
    </div>
  );
}
