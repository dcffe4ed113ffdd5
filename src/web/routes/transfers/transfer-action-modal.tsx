import { useState } from 'react';
import { App, Descriptions, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useReportError } from '../../api/use-report-error';
import { movesApi, useTransferLabels, type TransferAction, type TransferView } from './moves-api';

/** One decision on a transfer: release, accept, refuse (opinion required) or cancel. */
export function TransferActionModal(props: {
  transfer: TransferView | null;
  action: TransferAction | null;
  onClose: () => void;
  onDone: (next: TransferView) => void;
}) {
  const { transfer, action } = props;
  const { t } = useTranslation();
  const labels = useTransferLabels();
  const report = useReportError();
  const { message } = App.useApp();
  const [opinion, setOpinion] = useState('');
  const [isSaving, setSaving] = useState(false);
  const needsOpinion = action === 'refuse';

  const submit = async () => {
    if (!transfer || !action) return;
    if (needsOpinion && !opinion.trim()) {
      void message.error(t('moves.transfer.opinionRequired'));
      return;
    }
    setSaving(true);
    try {
      const next = await movesApi.act(transfer.id, {
        action,
        version: transfer.version,
        opinion: opinion.trim() || null,
      });
      void message.success(t('moves.transfer.done', { action: labels.action(action) }));
      setOpinion('');
      props.onDone(next);
    } catch (e) {
      report(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={transfer !== null && action !== null}
      title={action ? labels.action(action) : ''}
      okText={action ? labels.action(action) : ''}
      okButtonProps={{ danger: action === 'refuse' || action === 'cancel', loading: isSaving }}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {transfer && (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('moves.transfer.head')}>
            {transfer.headNameMasked}
          </Descriptions.Item>
          <Descriptions.Item label={t('moves.transfer.from')}>
            {transfer.fromNode.name}
          </Descriptions.Item>
          <Descriptions.Item label={t('moves.transfer.to')}>
            {transfer.toNode.name}
          </Descriptions.Item>
          <Descriptions.Item label={t('moves.transfer.reason')}>
            {labels.reason(transfer.reason)}
            {transfer.note ? ` · ${transfer.note}` : ''}
          </Descriptions.Item>
        </Descriptions>
      )}
      {action === 'accept' && (
        <Typography.Paragraph type="secondary">
          {t('moves.transfer.acceptHint')}
        </Typography.Paragraph>
      )}
      <Typography.Text>
        {needsOpinion ? t('moves.transfer.opinionLabelRequired') : t('moves.transfer.opinionLabel')}
      </Typography.Text>
      <Input.TextArea
        rows={3}
        maxLength={500}
        value={opinion}
        onChange={(e) => setOpinion(e.target.value)}
        data-testid="transfer-opinion"
      />
    </Modal>
  );
}
