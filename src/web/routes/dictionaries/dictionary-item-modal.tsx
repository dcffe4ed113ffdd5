import { useState } from 'react';
import { Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { dictionaryItemSchema } from '../../../shared/households/dictionaries';
import {
  saveDictionaryItemSchema,
  type EditableDictionary,
  type EditableDictionaryItem,
} from '../../../shared/dictionaries/dictionary-edit';
import { api, ApiError } from '../../api/client';
import { useReportError } from '../../api/use-report-error';
import { parseForm, zodRule } from '../../forms/zod-form';

type Values = { code: string; labelZh: string; labelEn: string; sort: number; isActive: boolean };

type Props = {
  dictionary: EditableDictionary;
  dictionaryName: string;
  /** The item to edit; none to add one. */
  item: EditableDictionaryItem | null;
  onClose: () => void;
  onReload: () => void;
  onSaved: () => void;
};

/** 新增 / 编辑字典项. The code is fixed once saved; a locked dictionary's items stay active. */
export function DictionaryItemModal({
  dictionary,
  dictionaryName,
  item,
  onClose,
  onReload,
  onSaved,
}: Props) {
  const { t } = useTranslation();
  const report = useReportError();
  const [form] = Form.useForm<Values>();
  const [isSaving, setSaving] = useState(false);
  const nextSort = Math.max(-1, ...dictionary.items.map((i) => i.sort)) + 1;
  const initialValues: Values = item
    ? {
        code: item.code,
        labelZh: item.labelZh,
        labelEn: item.labelEn ?? '',
        sort: item.sort,
        isActive: item.isActive,
      }
    : { code: '', labelZh: '', labelEn: '', sort: nextSort, isActive: true };

  const save = async (values: Values) => {
    if (!item && dictionary.items.some((i) => i.code === values.code.trim())) {
      form.setFields([{ name: 'code', errors: [t('dictionaries.codeTaken')] }]);
      return;
    }
    const body = parseForm(
      form,
      saveDictionaryItemSchema,
      {
        labelZh: values.labelZh,
        labelEn: values.labelEn ?? '',
        sort: values.sort,
        isActive: values.isActive,
        version: item?.version ?? 0,
      },
      t,
    );
    if (!body) return;
    setSaving(true);
    try {
      const code = item?.code ?? values.code.trim();
      await api.put(`/api/dictionaries/${dictionary.code}/items/${encodeURIComponent(code)}`, body);
      onSaved();
    } catch (error) {
      const details = error instanceof ApiError ? error.details : {};
      const issue = error instanceof ApiError ? error.issues[0] : undefined;
      if (error instanceof ApiError && details.reason === 'national')
        Modal.warning({ title: t('error.title'), content: t('dictionaries.nationalOnly') });
      else if (issue?.path === 'itemCode')
        form.setFields([{ name: 'code', errors: [t('dictionaries.lockedNoAdd')] }]);
      else if (issue?.path === 'isActive')
        form.setFields([{ name: 'isActive', errors: [t('dictionaries.lockedNoDeactivate')] }]);
      else report(error, { form, onReload });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(item ? 'dictionaries.editTitle' : 'dictionaries.addTitle', {
        name: dictionaryName,
      })}
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
        data-testid="dictionary-item-form"
      >
        <Form.Item
          name="code"
          label={t('dictionaries.code')}
          required={item === null}
          extra={item ? undefined : t('dictionaries.codeHint')}
          rules={item ? [] : [zodRule(dictionaryItemSchema.shape.code, t)]}
        >
          <Input disabled={item !== null} className="bf-mono" maxLength={40} />
        </Form.Item>
        <Form.Item
          name="labelZh"
          label={t('dictionaries.labelZh')}
          required
          rules={[zodRule(saveDictionaryItemSchema.shape.labelZh, t)]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="labelEn" label={t('dictionaries.labelEn')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="sort"
          label={t('dictionaries.sort')}
          rules={[{ required: true, message: t('issue.required') }]}
        >
          <InputNumber min={0} max={9999} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="isActive"
          label={t('dictionaries.status')}
          valuePropName="checked"
          extra={
            dictionary.isLocked
              ? t('dictionaries.lockedNoDeactivate')
              : t('dictionaries.isActiveHint')
          }
        >
          <Switch
            disabled={dictionary.isLocked}
            checkedChildren={t('dictionaries.active')}
            unCheckedChildren={t('dictionaries.inactive')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
