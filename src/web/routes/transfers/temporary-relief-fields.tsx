import { Alert, Card, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FormInstance } from 'antd';
import type { TemporaryRelief } from '../../../shared/households/temporary-relief';

/**
 * 临时救助: the reason and end date a temporary-relief file is created with,
 * inside the household file form (/households/new?kind=temporary).
 */
export function TemporaryReliefCard() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('moves.temporary.formTitle')} data-testid="temporary-fields">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('moves.temporary.formHelp')}
      />
      <Form.Item
        name={['temporary', 'reason']}
        label={t('moves.temporary.formReason')}
        rules={[{ required: true, whitespace: true, min: 2 }]}
      >
        <Input maxLength={200} placeholder={t('moves.temporary.formReasonPlaceholder')} />
      </Form.Item>
      <Form.Item
        name={['temporary', 'until']}
        label={t('moves.temporary.formUntil')}
        rules={[{ required: true }]}
      >
        <DatePicker disabledDate={(d: Dayjs) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
    </Card>
  );
}

/** The temporary part of the form's values, as the server takes it. */
export function temporaryReliefOf(form: FormInstance<any>): TemporaryRelief {
  const v = form.getFieldValue('temporary') as { reason?: string; until?: Dayjs } | undefined;
  return { reason: (v?.reason ?? '').trim(), until: v?.until ? v.until.format('YYYY-MM-DD') : '' };
}
