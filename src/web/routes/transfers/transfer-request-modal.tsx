import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { transferReasons } from '../../../shared/transfers/transfer';
import { ApiError } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import {
  movesApi,
  useTransferLabels,
  type TransferReason,
  type TransferTargetNode,
  type TransferView,
} from './moves-api';

type Values = { code: string; reason: TransferReason; note?: string };

/**
 * 申请转移: the receiving union gives its node code; the dialog answers the
 * node's name for confirmation before the request is sent.
 */
export function TransferRequestModal(props: {
  householdId: number;
  open: boolean;
  onClose: () => void;
  onDone: (transfer: TransferView) => void;
}) {
  const { t } = useTranslation();
  const labels = useTransferLabels();
  const report = useReportError();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [target, setTarget] = useState<TransferTargetNode | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [isLooking, setLooking] = useState(false);
  const [isSaving, setSaving] = useState(false);

  const lookup = async () => {
    const code = String(form.getFieldValue('code') ?? '').trim();
    setTarget(null);
    setLookupError(null);
    if (!code) return;
    setLooking(true);
    try {
      setTarget(await movesApi.targetNode(code));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NOT_FOUND')
        setLookupError(t('moves.transfer.codeNotFound', { code }));
      else report(e);
    } finally {
      setLooking(false);
    }
  };

  const submit = async (values: Values) => {
    if (!target || target.code !== values.code.trim()) {
      void message.error(t('moves.transfer.lookupFirst'));
      return;
    }
    setSaving(true);
    try {
      const transfer = await movesApi.request(props.householdId, {
        toNodeCode: target.code,
        reason: values.reason,
        note: values.note?.trim() || null,
      });
      void message.success(t('moves.transfer.requested'));
      form.resetFields();
      setTarget(null);
      props.onDone(transfer);
    } catch (e) {
      report(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('moves.transfer.requestTitle')}
      okText={t('moves.transfer.submit')}
      okButtonProps={{ loading: isSaving, disabled: !target }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ reason: 'worker_moved' }}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<Values>) => {
          if ('code' in changed) {
            setTarget(null);
            setLookupError(null);
          }
        }}
      >
        <Form.Item label={t('moves.transfer.code')} extra={t('moves.transfer.codeHelp')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="code" noStyle rules={[{ required: true, whitespace: true }]}>
              <Input
                placeholder={t('moves.transfer.codePlaceholder')}
                onPressEnter={(e) => {
                  e.preventDefault();
                  void lookup();
                }}
                data-testid="transfer-code"
              />
            </Form.Item>
            <Button icon={<SearchOutlined />} loading={isLooking} onClick={() => void lookup()}>
              {t('moves.transfer.lookup')}
            </Button>
          </Space.Compact>
        </Form.Item>
        {target && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('moves.transfer.target', { name: target.name, code: target.code })}
            data-testid="transfer-target"
          />
        )}
        {lookupError && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={lookupError} />
        )}
        <Form.Item name="reason" label={t('moves.transfer.reason')} rules={[{ required: true }]}>
          <Select options={transferReasons.map((r) => ({ value: r, label: labels.reason(r) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('moves.transfer.note')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
