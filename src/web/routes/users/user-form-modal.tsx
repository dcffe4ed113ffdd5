import { useState } from 'react';
import { Button, Checkbox, Form, Input, Modal, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { roles as allRoles, type Role } from '../../../shared/permissions';
import { createUserSchema, updateUserSchema, type User } from '../../../shared/users/user';
import { api } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { emptyToNull, parseForm, zodRule } from '../../forms/zod-form';
import { useLabels } from '../../i18n';
import { useMe } from '../../session/session';
import { OrgTreeSelect } from '../../components/org-tree-select';
import {
  PasswordPolicy,
  generatePassword,
  passwordPolicyRule,
} from '../../components/password-policy';

type Values = {
  username?: string;
  displayName?: string;
  phone?: string;
  nodeId?: number;
  roles?: Role[];
  password?: string;
  isActive?: boolean;
};

type Props =
  | {
      mode: 'create';
      defaultNodeId: number;
      onClose: () => void;
      onSaved: (user: User) => void;
    }
  | {
      mode: 'edit';
      user: User;
      onClose: () => void;
      onReload: () => void;
      onSaved: (user: User) => void;
    };

/** 新增用户 / 编辑用户. Only roles the signed-in user holds are offered. */
export function UserFormModal(props: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useMe();
  const report = useReportError();
  const [form] = Form.useForm<Values>();
  const [isSaving, setSaving] = useState(false);
  const [isPasswordVisible, setPasswordVisible] = useState(false);
  const isCreate = props.mode === 'create';
  const isSelf = props.mode === 'edit' && props.user.id === me.userId;
  const username = Form.useWatch('username', form) ?? (isCreate ? '' : props.user.username);
  const password = Form.useWatch('password', form) ?? '';

  const initialValues: Values = isCreate
    ? { nodeId: props.defaultNodeId, roles: [] }
    : {
        displayName: props.user.displayName,
        phone: props.user.phone ?? '',
        nodeId: props.user.nodeId,
        roles: props.user.roles,
        isActive: props.user.isActive,
      };

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      if (props.mode === 'create') {
        const input = parseForm(
          form,
          createUserSchema,
          {
            username: values.username,
            displayName: values.displayName,
            phone: emptyToNull(values.phone),
            nodeId: values.nodeId,
            roles: values.roles ?? [],
            password: values.password,
          },
          t,
        );
        if (!input) return;
        props.onSaved(await api.post<User>('/api/users', input));
      } else {
        const before = props.user;
        // Only what changed: a change of roles or node ends the user's sessions.
        const phone = emptyToNull(values.phone);
        const sameRoles =
          [...(values.roles ?? [])].sort().join() === [...before.roles].sort().join();
        const input = parseForm(
          form,
          updateUserSchema,
          {
            version: before.version,
            ...(values.displayName !== before.displayName
              ? { displayName: values.displayName }
              : {}),
            ...(phone !== before.phone ? { phone } : {}),
            ...(!isSelf && values.nodeId !== before.nodeId ? { nodeId: values.nodeId } : {}),
            ...(!isSelf && !sameRoles ? { roles: values.roles } : {}),
            ...(!isSelf && values.isActive !== before.isActive
              ? { isActive: values.isActive }
              : {}),
          },
          t,
        );
        if (!input) return;
        props.onSaved(await api.patch<User>(`/api/users/${before.id}`, input));
      }
    } catch (error) {
      report(error, { form, onReload: props.mode === 'edit' ? props.onReload : undefined });
    } finally {
      setSaving(false);
    }
  };

  const grantable = allRoles.filter((r) => me.roles.includes(r));
  const fields = createUserSchema.shape;
  return (
    <Modal
      open
      title={
        isCreate ? t('users.createTitle') : t('users.editTitle', { name: props.user.displayName })
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={640}
      mask={{ closable: false }}
    >
      <Form
        form={form}
        name="user-form"
        layout="horizontal"
        labelCol={{ flex: '100px' }}
        wrapperCol={{ flex: '1 1 0', style: { minWidth: 0 } }}
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
        style={{ marginTop: 16 }}
      >
        {isCreate ? (
          <Form.Item
            name="username"
            label={t('users.username')}
            required
            rules={[zodRule(fields.username, t)]}
          >
            <Input placeholder={t('users.usernamePlaceholder')} autoComplete="off" maxLength={32} />
          </Form.Item>
        ) : (
          <Form.Item label={t('users.username')}>
            <span className="bf-mono" style={{ fontSize: 14 }}>
              {props.user.username}
            </span>
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          required
          rules={[zodRule(fields.displayName, t)]}
        >
          <Input placeholder={t('users.displayNamePlaceholder')} maxLength={50} />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')} rules={[zodRule(fields.phone, t)]}>
          <Input placeholder={t('users.phonePlaceholder')} maxLength={11} />
        </Form.Item>
        <Form.Item
          name="nodeId"
          label={t('users.node')}
          required
          rules={[zodRule(fields.nodeId, t)]}
        >
          <OrgTreeSelect disabled={isSelf} />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.roles')}
          required
          extra={t('users.rolesHint')}
          rules={[zodRule(fields.roles, t)]}
        >
          <Checkbox.Group
            disabled={isSelf}
            options={grantable.map((role) => ({ value: role, label: labels.role(role) }))}
          />
        </Form.Item>
        {isCreate ? (
          <>
            <Form.Item
              label={t('users.initialPassword')}
              required
              extra={t('users.initialPasswordHint')}
            >
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="password"
                  noStyle
                  dependencies={['username']}
                  rules={[passwordPolicyRule(t, () => form.getFieldValue('username') as string)]}
                >
                  <Input.Password
                    autoComplete="new-password"
                    visibilityToggle={{
                      visible: isPasswordVisible,
                      onVisibleChange: setPasswordVisible,
                    }}
                  />
                </Form.Item>
                <Button
                  onClick={() => {
                    form.setFieldsValue({ password: generatePassword() });
                    setPasswordVisible(true);
                    void form.validateFields(['password']);
                  }}
                >
                  {t('common.generate')}
                </Button>
              </Space.Compact>
            </Form.Item>
            <Form.Item label=" " colon={false}>
              <PasswordPolicy password={password} username={username || undefined} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="isActive" label={t('users.isActive')} valuePropName="checked">
            <Switch
              disabled={isSelf}
              checkedChildren={t('users.active')}
              unCheckedChildren={t('users.inactive')}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
