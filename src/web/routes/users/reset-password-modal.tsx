import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { resetUserPasswordSchema, type User } from '../../../shared/users/user';
import { api } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { parseForm } from '../../forms/zod-form';
import {
  PasswordPolicy,
  generatePassword,
  passwordPolicyRule,
} from '../../components/password-policy';

/** 重置密码: a new initial password the user must change at next sign-in. */
export function ResetPasswordModal(props: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const report = useReportError();
  const [form] = Form.useForm<{ password?: string }>();
  const [isSaving, setSaving] = useState(false);
  const [isVisible, setVisible] = useState(false);
  const password = Form.useWatch('password', form) ?? '';
  const { user } = props;

  const submit = async (values: { password?: string }) => {
    const input = parseForm(form, resetUserPasswordSchema, values, t);
    if (!input) return;
    setSaving(true);
    try {
      await api.post(`/api/users/${user.id}/reset-password`, input);
      props.onDone();
    } catch (error) {
      report(error, { form });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('users.resetTitle', { name: user.displayName })}
      okText={t('users.resetPassword')}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Alert type="warning" showIcon title={t('users.resetHint')} style={{ margin: '16px 0' }} />
      <Form form={form} layout="vertical" name="reset-password" onFinish={(v) => void submit(v)}>
        <Form.Item label={t('users.newPassword')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="password" noStyle rules={[passwordPolicyRule(t, () => user.username)]}>
              <Input.Password
                autoComplete="new-password"
                visibilityToggle={{ visible: isVisible, onVisibleChange: setVisible }}
              />
            </Form.Item>
            <Button
              onClick={() => {
                form.setFieldsValue({ password: generatePassword() });
                setVisible(true);
                void form.validateFields(['password']);
              }}
            >
              {t('common.generate')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <PasswordPolicy password={password} username={user.username} />
      </Form>
    </Modal>
  );
}
