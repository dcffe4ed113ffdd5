import { useState } from 'react';
import { App, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { changePasswordSchema } from '../../../shared/auth/password-policy';
import { api } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { parseForm, zodRule } from '../../forms/zod-form';
import { PasswordPolicy, passwordPolicyRule } from '../../components/password-policy';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/** Current + new + confirmation; used by the forced change and by "my account". */
export function ChangePasswordForm({
  username,
  onDone,
  submitBlock = false,
}: {
  username: string;
  onDone: () => Promise<unknown> | void;
  submitBlock?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const report = useReportError();
  const [isSubmitting, setSubmitting] = useState(false);
  const newPassword = Form.useWatch('newPassword', form) ?? '';

  const submit = async (values: Values) => {
    const input = parseForm(
      form,
      changePasswordSchema,
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      t,
    );
    if (!input) return;
    setSubmitting(true);
    try {
      await api.post('/api/auth/password', input);
      void message.success(t('password.changed'));
      form.resetFields();
      await onDone();
    } catch (error) {
      report(error, { form });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => void submit(values)}
      className="bf-password-form"
    >
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        required
        rules={[zodRule(changePasswordSchema.shape.currentPassword, t)]}
      >
        <Input.Password
          placeholder={t('password.currentPlaceholder')}
          autoComplete="current-password"
        />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        required
        dependencies={['currentPassword']}
        rules={[
          passwordPolicyRule(t, () => username),
          ({ getFieldValue }) => ({
            validator: async (_rule, value: unknown) => {
              if (value && value === getFieldValue('currentPassword'))
                throw new Error(t('password.sameAsCurrent'));
            },
          }),
        ]}
      >
        <Input.Password placeholder={t('password.newPlaceholder')} autoComplete="new-password" />
      </Form.Item>
      <PasswordPolicy password={newPassword} username={username} />
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        required
        dependencies={['newPassword']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_rule, value: unknown) => {
              if (!value) throw new Error(t('issue.required'));
              if (value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password
          placeholder={t('password.confirmPlaceholder')}
          autoComplete="new-password"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={isSubmitting} block={submitBlock}>
        {t('password.submit')}
      </Button>
    </Form>
  );
}
