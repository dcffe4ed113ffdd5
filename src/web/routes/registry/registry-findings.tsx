import { useState } from 'react';
import { Alert, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import {
  findingKindLabels,
  type FindingKind,
  type FindingStatus,
  type FindingView,
} from '../../../shared/registry/registry';
import { api } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { useLocale } from '../../i18n';

export const findingKindColors: Record<FindingKind, string> = {
  dibao_recipient: 'blue',
  insurance_unpaid: 'orange',
  insurance_paid: 'cyan',
  deceased: 'default',
  vehicle: 'red',
  property: 'volcano',
  business: 'magenta',
};

export const findingStatusColors: Record<FindingStatus, string> = {
  open: 'gold',
  confirmed: 'green',
  dismissed: 'default',
};

/** What a confirmed finding did, in a line. */
export function useActionText() {
  const { t } = useTranslation();
  return (f: FindingView): string | null => {
    const a = f.action;
    if (!a) return null;
    switch (a.type) {
      case 'exclusion':
      case 'reassessed':
        return a.problem
          ? t('registryMatch.action.problem', { problem: a.problem })
          : t(`registryMatch.action.${a.type}`);
      case 'deceased':
        return [
          t('registryMatch.action.deceased', { date: a.deceasedOn }),
          a.exitId ? t('registryMatch.action.exitProposed') : null,
          a.exitPending ? t('registryMatch.action.exitPending', { why: a.exitPending }) : null,
        ]
          .filter(Boolean)
          .join('；');
      case 'recorded':
        return t('registryMatch.action.recorded');
      default: {
        const never: never = a;
        return String(never);
      }
    }
  };
}

type Pending = { finding: FindingView; decision: 'confirm' | 'dismiss' };

/** The findings as a table, with confirm and dismiss when the caller may decide. */
export function FindingsTable({
  findings,
  isLoading,
  canDecide,
  onDecided,
  showHousehold = true,
}: {
  findings: FindingView[];
  isLoading?: boolean;
  canDecide: boolean;
  onDecided: (f: FindingView) => void;
  showHousehold?: boolean;
}) {
  const { t } = useTranslation();
  const zh = useLocale() === 'zh-CN';
  const actionText = useActionText();
  const [pending, setPending] = useState<Pending | null>(null);

  return (
    <>
      <Table<FindingView>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={findings}
        pagination={false}
        scroll={{ x: 1000 }}
        columns={[
          ...(showHousehold
            ? [
                {
                  key: 'household',
                  title: t('registryMatch.household'),
                  render: (_: unknown, f: FindingView) => (
                    <Space orientation="vertical" size={0}>
                      <Link to={`/households/${f.householdId}`}>
                        {f.householdName}
                        {f.fileNo ? `（${f.fileNo}）` : ''}
                      </Link>
                      <Typography.Text type="secondary">{f.nodeName}</Typography.Text>
                    </Space>
                  ),
                },
              ]
            : []),
          {
            key: 'member',
            title: t('registryMatch.member'),
            render: (_, f) => (
              <Space orientation="vertical" size={0}>
                <span>{f.memberName}</span>
                <Typography.Text type="secondary">{f.memberIdNumberMasked ?? '—'}</Typography.Text>
              </Space>
            ),
          },
          {
            key: 'kind',
            title: t('registryMatch.finding'),
            render: (_, f) => (
              <Tag color={findingKindColors[f.kind]}>
                {zh ? findingKindLabels[f.kind].zh : findingKindLabels[f.kind].en}
              </Tag>
            ),
          },
          {
            key: 'match',
            title: t('registryMatch.match'),
            render: (_, f) => (
              <Tooltip title={f.why}>
                <Tag color={f.method === 'id_number' ? 'green' : f.score >= 80 ? 'gold' : 'orange'}>
                  {t('registryMatch.score', { score: f.score })}
                </Tag>
              </Tooltip>
            ),
          },
          {
            key: 'evidence',
            title: t('registryMatch.evidence'),
            render: (_, f) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {[f.evidence.name, f.evidence.idNumberMasked, f.evidence.birthDate]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                <span>{f.evidence.summary}</span>
                {f.evidence.idProblem && (
                  <Typography.Text type="warning">{f.evidence.idProblem}</Typography.Text>
                )}
                <Typography.Text type="secondary">
                  {t('registryMatch.evidenceRow', {
                    sheet: f.evidence.sheet,
                    row: f.evidence.rowNo,
                  })}
                </Typography.Text>
              </Space>
            ),
          },
          {
            key: 'status',
            title: t('registryMatch.statusTitle'),
            render: (_, f) => (
              <Space orientation="vertical" size={0}>
                <Tag color={findingStatusColors[f.status]}>
                  {t(`registryMatch.status.${f.status}`)}
                </Tag>
                {f.decidedAt && (
                  <Typography.Text type="secondary">
                    {t('registryMatch.decided', {
                      who: f.decidedBy ?? '—',
                      at: dayjs(f.decidedAt).format('YYYY-MM-DD HH:mm'),
                    })}
                  </Typography.Text>
                )}
                {f.note && <Typography.Text>{f.note}</Typography.Text>}
                {actionText(f) && <Typography.Text type="success">{actionText(f)}</Typography.Text>}
              </Space>
            ),
          },
          ...(canDecide
            ? [
                {
                  key: 'actions',
                  title: t('registryMatch.actions'),
                  render: (_: unknown, f: FindingView) =>
                    f.status === 'open' ? (
                      <Space>
                        <Typography.Link
                          onClick={() => setPending({ finding: f, decision: 'confirm' })}
                        >
                          {t('registryMatch.confirm')}
                        </Typography.Link>
                        <Typography.Link
                          type="danger"
                          onClick={() => setPending({ finding: f, decision: 'dismiss' })}
                        >
                          {t('registryMatch.dismiss')}
                        </Typography.Link>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {pending && (
        <DecideModal
          pending={pending}
          onClose={() => setPending(null)}
          onDone={(f) => {
            setPending(null);
            onDecided(f);
          }}
        />
      )}
    </>
  );
}

function DecideModal({
  pending,
  onClose,
  onDone,
}: {
  pending: Pending;
  onClose: () => void;
  onDone: (f: FindingView) => void;
}) {
  const { t } = useTranslation();
  const report = useReportError();
  const [form] = Form.useForm<{ text?: string }>();
  const [isSaving, setSaving] = useState(false);
  const { finding, decision } = pending;
  const isConfirm = decision === 'confirm';

  const submit = async () => {
    const { text } = await form.validateFields();
    setSaving(true);
    try {
      const body = isConfirm
        ? { version: finding.version, ...(text ? { note: text } : {}) }
        : { version: finding.version, reason: text ?? '' };
      onDone(await api.post<FindingView>(`/api/registry/findings/${finding.id}/${decision}`, body));
    } catch (error) {
      report(error, { form, onReload: onClose });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(isConfirm ? 'registryMatch.confirmTitle' : 'registryMatch.dismissTitle')}
      okText={t(isConfirm ? 'registryMatch.confirm' : 'registryMatch.dismiss')}
      okButtonProps={{ danger: !isConfirm, loading: isSaving }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>
          {finding.householdName} · {finding.memberName} · {finding.evidence.summary}
        </Typography.Text>
        <Typography.Text type="secondary">{finding.why}</Typography.Text>
        {isConfirm && finding.method !== 'id_number' && (
          <Alert type="warning" showIcon title={t('registryMatch.scoredWarning')} />
        )}
        {isConfirm && (
          <Alert type="info" showIcon title={t(`registryMatch.confirmWhat.${finding.kind}`)} />
        )}
        <Form form={form} layout="vertical">
          <Form.Item
            name="text"
            label={t(isConfirm ? 'registryMatch.note' : 'registryMatch.reason')}
            rules={
              isConfirm
                ? []
                : [{ required: true, min: 2, message: t('registryMatch.reasonRequired') }]
            }
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}
