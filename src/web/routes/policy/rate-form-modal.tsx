import { useState } from 'react';
import { DatePicker, Form, Input, InputNumber, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { RegionCascader } from '../../components/region-cascader';
import { emptyToNull } from '../../forms/zod-form';
import { fenToYuan, yuanToFen, type Rate, type RateKind } from './policy-api';

type Values = {
  regionCode?: string | null;
  monthlyYuan?: number | null;
  effectiveFrom?: Dayjs | null;
  effectiveTo?: Dayjs | null;
  note?: string;
};

type Props = {
  kind: RateKind;
  /** The rate to edit; none to create one. */
  rate: Rate | null;
  onClose: () => void;
  onReload: () => void;
  onSaved: () => void;
};

const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** 新增 / 编辑 a 低保 line or minimum wage. Region and start date are fixed once created. */
export function RateFormModal({ kind, rate, onClose, onReload, onSaved }: Props) {
  const { t } = useTranslation();
  const report = useReportError();
  const [form] = Form.useForm<Values>();
  const [isSaving, setSaving] = useState(false);
  const kindLabel = kind === 'dibao' ? t('policy.dibao') : t('policy.minimumWage');

  const initialValues: Values = rate
    ? {
        regionCode: rate.regionCode,
        monthlyYuan: fenToYuan(rate.monthlyFen),
        effectiveFrom: dayjs(rate.effectiveFrom),
        effectiveTo: rate.effectiveTo ? dayjs(rate.effectiveTo) : null,
        note: rate.note ?? '',
      }
    : { effectiveFrom: dayjs().startOf('day') };

  const save = async (values: Values) => {
    setSaving(true);
    try {
      const monthlyFen = yuanToFen(values.monthlyYuan ?? 0);
      const note = emptyToNull(values.note) ?? undefined;
      if (rate)
        await api.patch(`/api/policy/rates/${rate.id}`, {
          monthlyFen,
          effectiveTo: iso(values.effectiveTo),
          note: note ?? '',
          version: rate.version,
        });
      else
        await api.post('/api/policy/rates', {
          kind,
          regionCode: values.regionCode,
          monthlyFen,
          effectiveFrom: iso(values.effectiveFrom),
          effectiveTo: iso(values.effectiveTo),
          note,
        });
      onSaved();
    } catch (error) {
      const details = error instanceof ApiError ? error.details : {};
      if (error instanceof ApiError && error.code === 'CONFLICT' && details.overlapsId)
        form.setFields([{ name: 'effectiveFrom', errors: [t('policy.overlaps')] }]);
      else if (error instanceof ApiError && details.reason === 'region')
        form.setFields([{ name: 'regionCode', errors: [t('policy.outsideRegion')] }]);
      else report(error, { form, onReload });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(rate ? 'policy.editTitle' : 'policy.createTitle', { kind: kindLabel })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void save(values)}
        data-testid="rate-form"
      >
        {rate ? (
          <Form.Item label={t('policy.region')}>
            <Input disabled value={`${rate.regionName ?? ''} ${rate.regionCode}`} />
          </Form.Item>
        ) : (
          <Form.Item
            name="regionCode"
            label={t('policy.region')}
            rules={[{ required: true, message: t('issue.required') }]}
          >
            <RegionCascader placeholder={t('common.pleaseSelect')} />
          </Form.Item>
        )}
        <Form.Item
          name="monthlyYuan"
          label={t('policy.monthlyYuan')}
          rules={[{ required: true, message: t('issue.required') }]}
        >
          <InputNumber min={0.01} max={100000} precision={2} step={10} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="effectiveFrom"
          label={t('policy.effectiveFrom')}
          rules={[{ required: true, message: t('issue.required') }]}
        >
          <DatePicker disabled={rate !== null} />
        </Form.Item>
        <Form.Item
          name="effectiveTo"
          label={t('policy.effectiveTo')}
          extra={t('policy.effectiveToHint')}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label={t('policy.note')}>
          <Input.TextArea maxLength={200} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
