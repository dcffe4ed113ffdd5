import { useState } from 'react';
import {
  Alert,
  Checkbox,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  exclusionIds,
  exclusionLabels,
  incomeTypeLabels,
  incomeTypes,
  policyVersionSchema,
  rigidExpenditureTypeLabels,
  rigidExpenditureTypes,
  type IncomeType,
  type PolicyVersion,
} from '../../../shared/households/policy';
import type { PolicyVersionRow } from '../../../shared/policy/policy-version-edit';
import type { EditableDictionary } from '../../../shared/dictionaries/dictionary-edit';
import { api, ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { parseForm } from '../../forms/zod-form';
import { useLocale } from '../../i18n';

type Props = {
  /** Every stored version: what a new one can be copied from. */
  rows: PolicyVersionRow[];
  /** The version to edit; none to create one. */
  editing: PolicyVersionRow | null;
  onClose: () => void;
  onReload: () => void;
  onSaved: () => void;
};

/** The form holds a PolicyVersion as is; dates, multipliers and checkbox sets convert at the field. */
const dateProps = {
  getValueProps: (v: string | null) => ({ value: v ? dayjs(v) : null }),
  normalize: (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null),
};
const multipleProps = {
  getValueProps: (v: number | null) => ({ value: v == null ? null : v / 100 }),
  normalize: (m: number | null) => (m == null ? null : Math.round(m * 100)),
};
const countedProps = {
  getValueProps: (v: Record<IncomeType, boolean> | undefined) => ({
    value: incomeTypes.filter((k) => v?.[k]),
  }),
  normalize: (checked: IncomeType[]) =>
    Object.fromEntries(incomeTypes.map((k) => [k, checked.includes(k)])),
};

/** The next 1 January: a new version's usual start. */
function nextNewYear(): string {
  return `${dayjs().year() + 1}-01-01`;
}

function copyOf(source: PolicyVersion): PolicyVersion {
  const effectiveFrom = nextNewYear();
  return { ...source, id: '', effectiveFrom, effectiveTo: null };
}

/** 新建版本 (a copy of a stored one) / 编辑 a version not yet in force and never used. */
export function PolicyVersionForm({ rows, editing, onClose, onReload, onSaved }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const report = useReportError();
  const [form] = Form.useForm<PolicyVersion>();
  const [isSaving, setSaving] = useState(false);
  const inForce = rows.find((r) => r.isInForce && r.scheme === 'current') ?? rows[0]!;
  const [sourceId, setSourceId] = useState(inForce.id);
  const [base, setBase] = useState<PolicyVersion>(
    editing ? editing.definition : copyOf(inForce.definition),
  );
  const { data: dictionaries } = useLoad(
    () => api.get<EditableDictionary[]>('/api/dictionaries'),
    [],
  );
  const label = (l: { zh: string; en: string }) => (locale === 'zh-CN' ? l.zh : l.en);
  const dictionaryOptions = (code: string) =>
    (dictionaries?.find((d) => d.code === code)?.items ?? []).map((i) => ({
      value: i.code,
      label: locale === 'zh-CN' ? i.labelZh : i.labelEn || i.labelZh,
    }));
  const f = (key: string) => t(`policy.versionForm.${key}` as 'policy.versionForm.id');

  const chooseSource = (id: string) => {
    const source = rows.find((r) => r.id === id)!;
    setSourceId(id);
    const next = copyOf(source.definition);
    setBase(next);
    form.resetFields();
    form.setFieldsValue(next);
  };

  const save = async () => {
    const values = form.getFieldsValue(true) as PolicyVersion;
    const definition = parseForm(form, policyVersionSchema, { ...base, ...values }, t);
    if (!definition) return;
    setSaving(true);
    try {
      if (editing)
        await api.put(`/api/policy/versions/${encodeURIComponent(editing.id)}`, {
          version: editing.version,
          definition,
        });
      else await api.post('/api/policy/versions', definition);
      onSaved();
    } catch (error) {
      const issue = error instanceof ApiError ? error.issues[0] : undefined;
      if (error instanceof ApiError && error.details.reason === 'national')
        Modal.warning({ title: t('error.title'), content: t('policy.versionNationalOnly') });
      else if (error instanceof ApiError && error.code === 'CONFLICT' && issue?.path === 'id')
        form.setFields([{ name: 'id', errors: [f('idTaken')] }]);
      else if (
        error instanceof ApiError &&
        error.code === 'CONFLICT' &&
        issue?.path === 'effectiveFrom'
      )
        form.setFields([{ name: 'effectiveFrom', errors: [f('sameDay')] }]);
      else if (error instanceof ApiError && error.code === 'INVALID_STATE')
        Modal.warning({ title: t('error.title'), content: t('policy.versionFrozen') });
      else report(error, { form, onReload });
    } finally {
      setSaving(false);
    }
  };

  const num = (name: (string | number)[], min: number, max: number, width = 120) => (
    <Form.Item name={name} noStyle rules={[{ required: true, message: t('issue.required') }]}>
      <InputNumber min={min} max={max} precision={0} style={{ width }} />
    </Form.Item>
  );

  return (
    <Modal
      open
      width={920}
      title={editing ? t('policy.versionForm.editTitle', { id: editing.id }) : f('createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      styles={{ body: { maxHeight: '70vh', overflowY: 'auto', paddingRight: 8 } }}
    >
      {!editing && (
        <Form layout="vertical">
          <Form.Item label={f('copyFrom')} extra={f('copyFromHint')}>
            <Select
              value={sourceId}
              onChange={chooseSource}
              data-testid="policy-version-source"
              options={rows.map((r) => ({
                value: r.id,
                label: `${r.id} · ${locale === 'zh-CN' ? r.definition.nameZh : r.definition.nameEn || r.definition.nameZh}`,
              }))}
            />
          </Form.Item>
        </Form>
      )}
      <Form<PolicyVersion>
        form={form}
        layout="vertical"
        initialValues={base}
        onFinish={() => void save()}
        data-testid="policy-version-form"
      >
        <Divider titlePlacement="start">{f('basics')}</Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="id"
              label={f('id')}
              extra={editing ? undefined : f('idHint')}
              rules={[{ required: true, message: t('issue.required') }]}
            >
              <Input disabled={editing !== null} className="bf-mono" placeholder="national-2027" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="effectiveFrom"
              label={f('effectiveFrom')}
              extra={f('effectiveFromHint')}
              rules={[{ required: true, message: t('issue.required') }]}
              {...dateProps}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="effectiveTo"
              label={f('effectiveTo')}
              extra={f('effectiveToHint')}
              {...dateProps}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameZh"
              label={f('nameZh')}
              rules={[{ required: true, message: t('issue.required') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={f('nameEn')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">
          {f('thresholds')} · {t(`policy.scheme.${base.scheme}`)}
        </Divider>
        {base.scheme === 'current' ? (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                name="relativeLinePercent"
                label={f('relativeMultiple')}
                extra={f('relativeMultipleHint')}
                {...multipleProps}
              >
                <InputNumber min={1.5} max={3} step={0.1} precision={2} addonAfter="×" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="accidentLossPercentOfIncome"
                label={f('accidentPercent')}
                extra={f('accidentPercentHint')}
              >
                <InputNumber min={1} max={1000} precision={0} addonAfter="%" />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="dibaoMinConsecutiveMonths" label={f('dibaoMonths')}>
                <InputNumber min={1} max={24} precision={0} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="edgeLinePercent" label={f('edgeMultiple')} {...multipleProps}>
                <InputNumber min={1} max={3} step={0.1} precision={2} addonAfter="×" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="accidentLinePercent"
                label={f('accidentLegacyMultiple')}
                {...multipleProps}
              >
                <InputNumber min={1} max={5} step={0.1} precision={2} addonAfter="×" />
              </Form.Item>
            </Col>
          </Row>
        )}

        <Divider titlePlacement="start">{f('income')}</Divider>
        <Form.Item name="incomePeriodMonths" label={f('incomePeriodMonths')}>
          <InputNumber min={1} max={24} precision={0} />
        </Form.Item>
        <Form.Item name="countedIncomeTypes" label={f('countedIncomeTypes')} {...countedProps}>
          <Checkbox.Group
            options={incomeTypes.map((k) => ({ value: k, label: label(incomeTypeLabels[k]) }))}
          />
        </Form.Item>
        {base.scheme === 'current' ? (
          <Form.Item name="rigidExpenditureTypes" label={f('rigidExpenditureTypes')}>
            <Checkbox.Group
              options={rigidExpenditureTypes.map((k) => ({
                value: k,
                label: label(rigidExpenditureTypeLabels[k]),
              }))}
            />
          </Form.Item>
        ) : (
          <Form.Item name="edgeDeductibleExpenditureTypes" label={f('edgeDeductibleTypes')}>
            <Checkbox.Group
              options={rigidExpenditureTypes.map((k) => ({
                value: k,
                label: label(rigidExpenditureTypeLabels[k]),
              }))}
            />
          </Form.Item>
        )}

        <Divider titlePlacement="start">{f('imputation')}</Divider>
        <Form.Item
          name={['imputation', 'isEnabled']}
          label={f('imputationEnabled')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Form.Item name={['imputation', 'joblessWorkStatuses']} label={f('joblessWorkStatuses')}>
          <Select mode="multiple" options={dictionaryOptions('work_status')} />
        </Form.Item>
        <Form.Item
          name={['imputation', 'treatMissingWorkStatusAsJobless']}
          label={f('missingAsJobless')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Row gutter={16}>
          {(['male', 'female'] as const).map((sex) => (
            <Col span={12} key={sex}>
              <Form.Item label={f(sex === 'male' ? 'workingAgeMale' : 'workingAgeFemale')}>
                <Space>
                  {f('ageFrom')}
                  {num(['imputation', 'workingAge', sex, 'fromAge'], 0, 100, 90)}
                  {f('ageTo')}
                  {num(['imputation', 'workingAge', sex, 'toAge'], 1, 100, 90)}
                </Space>
              </Form.Item>
            </Col>
          ))}
        </Row>

        <Divider titlePlacement="start">{f('membership')}</Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name={['membership', 'adultAge']} label={f('adultAge')}>
              <InputNumber min={14} max={22} precision={0} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name={['membership', 'maxStudyLevelOfAdultChildren']}
              label={f('maxStudyLevel')}
            >
              <Select options={dictionaryOptions('study_level')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name={['membership', 'dependantMinMonthsInHousehold']}
              label={f('dependantMonths')}
            >
              <InputNumber min={0} max={120} precision={0} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{f('exclusions')}</Divider>
        <Form.Item name={['exclusions', 'active']} label={f('activeExclusions')}>
          <Checkbox.Group
            style={{ display: 'grid', gap: 4 }}
            options={exclusionIds.map((k) => ({ value: k, label: label(exclusionLabels[k]) }))}
          />
        </Form.Item>
        <Form.Item
          name={['exclusions', 'unknownAnswerBars']}
          label={f('unknownBars')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>

        <Divider titlePlacement="start">{f('migrantWorkers')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name={['migrantWorkers', 'requiresUnionMembership']}
              label={f('requiresUnion')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name={['migrantWorkers', 'minMonthsEmployedInCity']}
              label={f('minMonthsInCity')}
            >
              <InputNumber min={0} max={120} precision={0} />
            </Form.Item>
          </Col>
        </Row>
        {editing && <Alert type="info" showIcon title={t('policy.versionFrozen')} />}
      </Form>
    </Modal>
  );
}
