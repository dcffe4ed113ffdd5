import { useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  allowedChildTypes,
  createOrgNodeSchema,
  requiresRegionCode,
  updateOrgNodeSchema,
  type OrgNodeType,
} from '../../../shared/orgs/org-node';
import { api } from '../../api/client';
import type { OrgNode, OrgNodeDetail } from '../../api/types';
import { useReportError } from '../../api/use-report-error';
import { emptyToNull, parseForm, zodRule } from '../../forms/zod-form';
import { useLabels } from '../../i18n';
import { RegionCascader, type RegionDepth } from '../../components/region-cascader';
import { OrgTypeIcon } from '../../components/org-type-icon';

type Values = {
  type?: OrgNodeType;
  name?: string;
  code?: string;
  regionCode?: string | null;
  address?: string;
  phone?: string;
};

/** How deep the region of a node type goes, and whether it must reach that depth. */
const regionDepthOf: Partial<Record<OrgNodeType, RegionDepth>> = {
  province: 1,
  city: 2,
  county: 3,
};

type Props =
  | {
      mode: 'create';
      parent: OrgNodeDetail;
      onClose: () => void;
      onSaved: (node: OrgNode) => void | Promise<void>;
    }
  | {
      mode: 'edit';
      node: OrgNodeDetail;
      onClose: () => void;
      onReload: () => void;
      onSaved: (node: OrgNode) => void | Promise<void>;
    };

/** 新增下级 / 编辑: one form for both, checked by the shared schemas. */
export function OrgFormModal(props: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const report = useReportError();
  const [form] = Form.useForm<Values>();
  const [isSaving, setSaving] = useState(false);
  const isCreate = props.mode === 'create';
  const types: readonly OrgNodeType[] = isCreate ? allowedChildTypes[props.parent.type] : [];
  const type = (Form.useWatch('type', form) ?? (isCreate ? undefined : props.node.type)) as
    OrgNodeType | undefined;
  const isRegionRequired = type ? requiresRegionCode(type) : false;
  const depth = (type && regionDepthOf[type]) ?? 3;

  const initialValues: Values = isCreate
    ? { type: types.length === 1 ? types[0] : undefined }
    : {
        name: props.node.name,
        regionCode: props.node.regionCode,
        address: props.node.address ?? '',
        phone: props.node.phone ?? '',
      };

  const submit = async (values: Values) => {
    const common = {
      name: values.name,
      regionCode: values.regionCode ?? null,
      address: emptyToNull(values.address),
      phone: emptyToNull(values.phone),
    };
    setSaving(true);
    try {
      if (props.mode === 'create') {
        const input = parseForm(
          form,
          createOrgNodeSchema,
          { ...common, type: values.type, code: values.code, parentId: props.parent.id },
          t,
        );
        if (!input) return;
        await props.onSaved(await api.post<OrgNode>('/api/orgs', input));
      } else {
        const input = parseForm(
          form,
          updateOrgNodeSchema,
          { ...common, version: props.node.version },
          t,
        );
        if (!input) return;
        await props.onSaved(await api.patch<OrgNode>(`/api/orgs/${props.node.id}`, input));
      }
    } catch (error) {
      report(error, { form, onReload: props.mode === 'edit' ? props.onReload : undefined });
    } finally {
      setSaving(false);
    }
  };

  const fields = createOrgNodeSchema.shape;
  return (
    <Modal
      open
      title={
        isCreate
          ? t('orgs.createTitle', { parent: props.parent.name })
          : t('orgs.editTitle', { name: props.node.name })
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={620}
      mask={{ closable: false }}
    >
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ flex: '110px' }}
        wrapperCol={{ flex: '1 1 0', style: { minWidth: 0 } }}
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Values) => {
          // A federation's code defaults to its region code: unique and meaningful.
          if (isCreate && changed.regionCode && !form.isFieldTouched('code'))
            form.setFieldValue('code', changed.regionCode);
          if (isCreate && changed.type) form.setFieldValue('regionCode', null);
        }}
        style={{ marginTop: 16 }}
        name="org-form"
      >
        {isCreate && (
          <Form.Item name="type" label={t('orgs.type')} required rules={[zodRule(fields.type, t)]}>
            <Select
              placeholder={t('orgs.typePlaceholder')}
              options={types.map((value) => ({
                value,
                label: (
                  <span>
                    <OrgTypeIcon type={value} /> {labels.orgType(value)}
                  </span>
                ),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('orgs.name')} required rules={[zodRule(fields.name, t)]}>
          <Input placeholder={t('orgs.namePlaceholder')} maxLength={100} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('orgs.region')}
          required={isRegionRequired}
          extra={
            type && regionDepthOf[type]
              ? t('orgs.regionLevel', { level: t(`orgs.regionLevels.${regionLevelName(depth)}`) })
              : undefined
          }
          rules={[
            zodRule(fields.regionCode, t),
            {
              validator: async (_rule, value: unknown) => {
                if (isRegionRequired && !value) throw new Error(t('orgs.regionRequired'));
              },
            },
          ]}
        >
          <RegionCascader
            depth={depth}
            isExact={Boolean(type && regionDepthOf[type])}
            placeholder={t('orgs.regionPlaceholder')}
          />
        </Form.Item>
        {isCreate && (
          <Form.Item
            name="code"
            label={t('orgs.code')}
            required
            extra={t('orgs.codeHint')}
            rules={[zodRule(fields.code, t)]}
          >
            <Input placeholder={t('orgs.codePlaceholder')} maxLength={40} />
          </Form.Item>
        )}
        <Form.Item name="address" label={t('orgs.address')} rules={[zodRule(fields.address, t)]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={t('orgs.phone')} rules={[zodRule(fields.phone, t)]}>
          <Input maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function regionLevelName(depth: RegionDepth): 'province' | 'city' | 'county' {
  return depth === 1 ? 'province' : depth === 2 ? 'city' : 'county';
}
