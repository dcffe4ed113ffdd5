import {
  Button,
  Checkbox,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
} from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  memberRelations,
  studyLevelLabels,
  studyLevels,
  workStatuses,
} from '../../../shared/households/dictionaries';
import {
  exclusionIds,
  exclusionLabels,
  incomeTypeLabels,
  incomeTypes,
  rigidExpenditureTypeLabels,
  rigidExpenditureTypes,
} from '../../../shared/households/policy';
import { useLocale } from '../../i18n';
import { RegionCascader } from '../../components/region-cascader';
import { emptyMember, type HouseholdValues, type MemberValues } from './household-values';

const yuanInput = (
  <InputNumber min={0} max={10_000_000} precision={2} step={100} style={{ width: 140 }} />
);

/** The household: where and when, members, income, rigid expenditure, exclusions. */
export function HouseholdForm({ form }: { form: FormInstance<HouseholdValues> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = (l: { zh: string; en: string }) => (locale === 'zh-CN' ? l.zh : l.en);
  const members = (Form.useWatch('members', form) ?? []) as MemberValues[];
  const memberOptions = [
    { value: '', label: t('assessment.wholeHousehold') },
    ...members.map((m, i) => ({
      value: m?.ref ?? String(i),
      label: m?.name?.trim() || `${t(`assessment.relation_.${m?.relation ?? 'other'}`)} ${i + 1}`,
    })),
  ];
  const required = [{ required: true, message: t('issue.required') }];

  const itemList = (name: 'incomes' | 'rigid', addLabel: string) => {
    const types: { value: string; label: string }[] =
      name === 'incomes'
        ? incomeTypes.map((ty) => ({ value: ty, label: label(incomeTypeLabels[ty]) }))
        : rigidExpenditureTypes.map((ty) => ({
            value: ty,
            label: label(rigidExpenditureTypeLabels[ty]),
          }));
    return (
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <div key={field.key} className="bf-item-row">
                <Space align="start" wrap>
                  <Form.Item name={[field.name, 'memberRef']} label={t('assessment.member')}>
                    <Select options={memberOptions} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'type']}
                    label={t('assessment.type')}
                    rules={required}
                  >
                    <Select options={types} style={{ width: 170 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'amountYuan']}
                    label={t('assessment.amount')}
                    rules={required}
                  >
                    {yuanInput}
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.close')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              </div>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ memberRef: '', type: types[0]!.value })}
            >
              {addLabel}
            </Button>
          </>
        )}
      </Form.List>
    );
  };

  return (
    <>
      <Space wrap align="start">
        <Form.Item
          name="regionCode"
          label={t('assessment.region')}
          tooltip={t('assessment.regionHint')}
          rules={required}
          style={{ width: 300 }}
        >
          <RegionCascader placeholder={t('common.pleaseSelect')} />
        </Form.Item>
        <Form.Item name="asOf" label={t('assessment.asOf')} rules={required}>
          <DatePicker allowClear={false} />
        </Form.Item>
      </Space>

      <Divider titlePlacement="start">{t('assessment.members')}</Divider>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <div key={field.key} className="bf-member-row" data-testid={`member-${index}`}>
                <Form.Item name={[field.name, 'ref']} hidden>
                  <Input />
                </Form.Item>
                <Space wrap align="start">
                  <Form.Item name={[field.name, 'name']} label={t('assessment.name')}>
                    <Input style={{ width: 100 }} maxLength={50} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'relation']}
                    label={t('assessment.relation')}
                    rules={required}
                  >
                    <Select
                      style={{ width: 100 }}
                      options={memberRelations.map((r) => ({
                        value: r,
                        label: t(`assessment.relation_.${r}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'birthDate']}
                    label={t('assessment.birthDate')}
                    rules={required}
                  >
                    <DatePicker style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'sex']} label={t('assessment.sex')}>
                    <Radio.Group
                      optionType="button"
                      options={[
                        { value: 'male', label: t('assessment.male') },
                        { value: 'female', label: t('assessment.female') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'workStatus']} label={t('assessment.workStatus')}>
                    <Select
                      style={{ width: 120 }}
                      options={(['none', ...workStatuses] as const).map((w) => ({
                        value: w,
                        label: t(`assessment.workStatus_.${w}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'isAbleToWork']}
                    label={t('assessment.ableToWork')}
                    valuePropName="checked"
                  >
                    <Checkbox />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'isDisabledOrSeriouslyIll']}
                    label={t('assessment.disabled')}
                    valuePropName="checked"
                  >
                    <Checkbox />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'isInFullTimeStudy']}
                    label={t('assessment.studying')}
                    valuePropName="checked"
                  >
                    <Checkbox />
                  </Form.Item>
                  {members[index]?.isInFullTimeStudy && (
                    <Form.Item
                      name={[field.name, 'studyLevel']}
                      label={t('assessment.studyLevel')}
                      rules={required}
                    >
                      <Select
                        style={{ width: 110 }}
                        options={studyLevels.map((s) => ({ value: s, label: studyLevelLabels[s] }))}
                      />
                    </Form.Item>
                  )}
                  {fields.length > 1 && (
                    <Form.Item label=" ">
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('common.close')}
                        onClick={() => remove(field.name)}
                      />
                    </Form.Item>
                  )}
                </Space>
              </div>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(emptyMember('child'))}>
              {t('assessment.addMember')}
            </Button>
          </>
        )}
      </Form.List>

      <Divider titlePlacement="start">{t('assessment.incomes')}</Divider>
      {itemList('incomes', t('assessment.addIncome'))}

      <Divider titlePlacement="start">{t('assessment.rigid')}</Divider>
      {itemList('rigid', t('assessment.addRigid'))}

      <Divider titlePlacement="start">{t('assessment.exclusions')}</Divider>
      {exclusionIds.map((id) => (
        <Form.Item
          key={id}
          name={['exclusions', id]}
          label={label(exclusionLabels[id])}
          className="bf-exclusion-row"
          layout="horizontal"
          labelAlign="left"
          labelCol={{ flex: '380px', style: { whiteSpace: 'normal' } }}
          colon={false}
        >
          <Radio.Group
            size="small"
            optionType="button"
            options={[
              { value: 'no', label: t('assessment.answerNo') },
              { value: 'yes', label: t('assessment.answerYes') },
              { value: 'unknown', label: t('assessment.answerUnknown') },
            ]}
          />
        </Form.Item>
      ))}
    </>
  );
}
