import { useCallback, useState } from 'react';
import { Alert, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { canHangUnder, moveOrgNodeSchema } from '../../../shared/orgs/org-node';
import { api } from '../../api/client';
import type { OrgNode, OrgNodeDetail } from '../../api/types';
import { useReportError } from '../../api/use-report-error';
import { parseForm, zodRule } from '../../forms/zod-form';
import { OrgTreeSelect } from '../../components/org-tree-select';

/** 移动: the node and everything under it go under a new parent. */
export function OrgMoveModal(props: {
  node: OrgNodeDetail;
  onClose: () => void;
  onReload: () => void;
  onMoved: (newParent: OrgNode) => void | Promise<void>;
}) {
  const { t } = useTranslation();
  const report = useReportError();
  const [form] = Form.useForm<{ newParentId?: number }>();
  const [isSaving, setSaving] = useState(false);
  const { node } = props;

  // Only active nodes that may hold this type, other than itself and its current parent.
  const isDisabled = useCallback(
    (target: OrgNode) =>
      target.id === node.id ||
      target.id === node.parentId ||
      !target.isActive ||
      !canHangUnder(target.type, node.type),
    [node],
  );

  const submit = async (values: { newParentId?: number }) => {
    const input = parseForm(
      form,
      moveOrgNodeSchema,
      { newParentId: values.newParentId, version: node.version },
      t,
    );
    if (!input) return;
    setSaving(true);
    try {
      await api.post(`/api/orgs/${node.id}/move`, input);
      await props.onMoved(await api.get<OrgNode>(`/api/orgs/${input.newParentId}`));
    } catch (error) {
      report(error, { form, onReload: props.onReload });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('orgs.moveTitle', { name: node.name })}
      okText={t('orgs.move')}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={560}
      mask={{ closable: false }}
    >
      <Alert
        type="info"
        showIcon
        title={t('orgs.moveHint', { name: node.name })}
        style={{ margin: '16px 0' }}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        name="org-move"
      >
        <Form.Item
          name="newParentId"
          label={t('orgs.moveTarget')}
          required
          rules={[zodRule(moveOrgNodeSchema.shape.newParentId, t)]}
        >
          <OrgTreeSelect
            placeholder={t('orgs.moveTargetPlaceholder')}
            isDisabled={isDisabled}
            closedId={node.id}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
