import { useEffect, useState, type ReactNode } from 'react';
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { FormInstance, Rule } from 'antd/es/form';
import { DeleteOutlined, EditOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ZodType } from 'zod';
import { accidentCauses } from '../../../shared/households/assessment';
import {
  hardshipCauses,
  maxSecondaryHardshipCauses,
  memberRelations,
  studyLevels,
  workStatuses,
  type Dictionary,
  type DictionaryCode,
} from '../../../shared/households/dictionaries';
import {
  bankAccountSchema,
  phoneSchema,
  standardLevels,
} from '../../../shared/households/household-file';
import { parseIdNumber } from '../../../shared/households/id-number';
import {
  exclusionIds,
  exclusionLabels,
  incomeTypeLabels,
  incomeTypes,
  rigidExpenditureTypeLabels,
  rigidExpenditureTypes,
} from '../../../shared/households/policy';
import { api } from '../../api/client';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { RegionCascader } from '../../components/region-cascader';
import { useLocale } from '../../i18n';
import { idNumberProblem, translateHouseholdIssue } from './household-form-issues';
import {
  emptyMember,
  isMigrantHousehold,
  type HouseholdFormValues,
  type MemberFormValues,
  type SensitiveKey,
} from './household-form-values';

/** Which masked stored values are still locked (left out of the body). */
export type SensitiveState = {
  isLocked: (key: SensitiveKey) => boolean;
  setLocked: (key: SensitiveKey, isLocked: boolean) => void;
};

type Options = { value: string; label: string; disabled?: boolean }[];
type DictionaryOptions = (code: DictionaryCode) => Options;

/** GET /api/dictionaries as select options (retired items shown, but not choosable). */
export function useDictionaryOptions(): DictionaryOptions {
  const { t } = useTranslation();
  const isZh = useLocale() === 'zh-CN';
  const [dictionaries, setDictionaries] = useState<Dictionary[]>([]);
  useEffect(() => {
    let isCurrent = true;
    api
      .get<Dictionary[]>('/api/dictionaries')
      .then((d) => isCurrent && setDictionaries(d))
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, []);
  return (code) => {
    const items = dictionaries.find((d) => d.code === code)?.items ?? [];
    return [...items]
      .sort((a, b) => Number(b.isActive) - Number(a.isActive) || a.sort - b.sort)
      .map((item) => {
        const label = isZh ? item.labelZh : item.labelEn || item.labelZh;
        return item.isActive
          ? { value: item.code, label }
          : { value: item.code, label: t('householdForm.inactiveItem', { label }), disabled: true };
      });
  };
}

/** An antd rule from a shared schema, its message in the household words. */
function schemaRule(schema: ZodType, t: TFunction): Rule {
  return {
    validator: async (_rule, raw: unknown) => {
      if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
        return;
      const result = schema.safeParse(raw);
      if (!result.success)
        throw new Error(translateHouseholdIssue(result.error.issues[0]?.message ?? '', t));
    },
  };
}

/** The antd form's name: field ids are `household_members_0_idNumber`. */
export const formName = 'household';

const col = { xs: 24, md: 12, xl: 8 } as const;
const wide = { xs: 24, xl: 16 } as const;
const yuanInput = (
  <InputNumber
    min={0}
    max={100_000_000}
    precision={2}
    step={100}
    style={{ width: '100%' }}
    prefix="¥"
  />
);

/**
 * A sensitive value of a stored file: its masked form and 修改 while locked,
 * an input once unlocked (保留原值 locks it again and forgets what was typed).
 */
function SensitiveItem({
  form,
  name,
  fullName,
  label,
  sensitiveKey,
  masked,
  sensitive,
  rules,
  children,
  extra,
}: {
  form: FormInstance;
  /** The name inside the enclosing Form.List (or the form). */
  name: (string | number)[];
  /** The name from the form's root. */
  fullName: (string | number)[];
  label: string;
  sensitiveKey: SensitiveKey;
  /** The stored value, masked; null when nothing is stored (then there is nothing to lock). */
  masked: string | null;
  sensitive: SensitiveState;
  rules?: Rule[];
  children: ReactNode;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const isLocked = masked !== null && sensitive.isLocked(sensitiveKey);
  if (isLocked)
    return (
      <Form.Item label={label}>
        <Space>
          <Typography.Text code data-testid="masked-value">
            {masked}
          </Typography.Text>
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => sensitive.setLocked(sensitiveKey, false)}
          >
            {t('householdForm.change')}
          </Button>
        </Space>
      </Form.Item>
    );
  return (
    <Form.Item
      label={label}
      htmlFor={`${formName}_${fullName.join('_')}`}
      required={rules?.some((r) => 'required' in r && r.required)}
    >
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name={name} noStyle rules={rules}>
          {children}
        </Form.Item>
        {masked !== null && (
          <Button
            icon={<UndoOutlined />}
            title={t('householdForm.keep')}
            aria-label={t('householdForm.keep')}
            onClick={() => {
              form.setFields([{ name: fullName, value: undefined, errors: [] }]);
              sensitive.setLocked(sensitiveKey, true);
            }}
          />
        )}
      </Space.Compact>
      {extra}
    </Form.Item>
  );
}

/** 基本信息 */
export function BasicSection({
  form,
  dict,
  sensitive,
  phoneMasked,
  bankAccountMasked,
}: {
  form: FormInstance<HouseholdFormValues>;
  dict: DictionaryOptions;
  sensitive: SensitiveState;
  phoneMasked: string | null;
  bankAccountMasked: string | null;
}) {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('issue.required') }];
  const dictItem = (name: keyof HouseholdFormValues, code: DictionaryCode) => (
    <Col {...col}>
      <Form.Item name={name} label={t(`householdForm.${name}` as 'householdForm.industry')}>
        <Select allowClear options={dict(code)} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
    </Col>
  );
  const check = (name: 'isUnionMember' | 'isSingleParent' | 'isZeroEmployment') => (
    <Col xs={8}>
      <Form.Item name={name} label={t(`householdForm.${name}`)} valuePropName="checked">
        <Switch />
      </Form.Item>
    </Col>
  );
  return (
    <Card title={t('householdForm.section.basic')} id="bf-section-basic" size="small">
      <Row gutter={16}>
        <Col {...col}>
          <Form.Item name="nodeId" label={t('householdForm.node')} rules={required}>
            <OrgTreeSelect placeholder={t('common.pleaseSelect')} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item
            name="regionCode"
            label={t('householdForm.region')}
            tooltip={t('householdForm.regionHint')}
            rules={required}
          >
            <RegionCascader depth={3} isExact placeholder={t('common.pleaseSelect')} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="standardLevel" label={t('householdForm.standardLevel')}>
            <Select
              options={standardLevels.map((l) => ({
                value: l,
                label: t(`householdForm.standardLevel_.${l}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <SensitiveItem
            form={form}
            name={['phone']}
            fullName={['phone']}
            label={t('householdForm.phone')}
            sensitiveKey="phone"
            masked={phoneMasked}
            sensitive={sensitive}
            rules={[schemaRule(phoneSchema, t)]}
          >
            <Input maxLength={20} inputMode="tel" />
          </SensitiveItem>
        </Col>
        <Col {...wide}>
          <Form.Item name="address" label={t('householdForm.address')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="employerName" label={t('householdForm.employerName')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        {dictItem('employerType', 'employer_type')}
        {dictItem('industry', 'industry')}
        {dictItem('politicalStatus', 'political_status')}
        {dictItem('maritalStatus', 'marital_status')}
        {dictItem('hukouType', 'hukou_type')}
        {dictItem('modelWorkerType', 'model_worker_type')}
        {dictItem('housingType', 'housing_type')}
        {dictItem('housingAreaBand', 'housing_area_band')}
        <Col {...col}>
          <Row>
            {check('isUnionMember')}
            {check('isSingleParent')}
            {check('isZeroEmployment')}
          </Row>
        </Col>
        <Col {...col}>
          <Form.Item name="bankName" label={t('householdForm.bankName')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <SensitiveItem
            form={form}
            name={['bankAccount']}
            fullName={['bankAccount']}
            label={t('householdForm.bankAccount')}
            sensitiveKey="bankAccount"
            masked={bankAccountMasked}
            sensitive={sensitive}
            rules={[schemaRule(bankAccountSchema, t)]}
          >
            <Input maxLength={40} inputMode="numeric" />
          </SensitiveItem>
        </Col>
      </Row>
    </Card>
  );
}

/** 家庭成员: the head first (relation 本人, fixed), then the others. */
export function MembersSection({
  form,
  dict,
  sensitive,
}: {
  form: FormInstance<HouseholdFormValues>;
  dict: DictionaryOptions;
  sensitive: SensitiveState;
}) {
  const { t } = useTranslation();
  const members = (Form.useWatch('members', { form, preserve: true }) ?? []) as MemberFormValues[];
  const required = [{ required: true, message: t('issue.required') }];
  // Members whose number was typed as an old 15-digit one (now shown converted).
  const [converted, setConverted] = useState<ReadonlySet<string>>(new Set());
  const otherRelations = memberRelations
    .filter((r) => r !== 'head')
    .map((r) => ({ value: r, label: t(`assessment.relation_.${r}`) }));

  return (
    <Card title={t('householdForm.section.members')} id="bf-section-members" size="small">
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => {
              const m = members[index];
              const isHead = index === 0;
              const typed = m?.idNumber?.trim() ? parseIdNumber(m.idNumber) : null;
              const isIdLocked = !!m?.idNumberMasked && sensitive.isLocked(`idNumber:${m.ref}`);
              const idDecides = (typed?.ok ?? false) || (isIdLocked && !typed);
              const at = (key: string) => [field.name, key];
              return (
                <Card
                  key={field.key}
                  type="inner"
                  size="small"
                  style={{ marginBottom: 12 }}
                  data-testid={`member-${index}`}
                  title={
                    isHead
                      ? t('householdForm.headTitle')
                      : t('householdForm.memberTitle', { n: String(index + 1) })
                  }
                  extra={
                    !isHead && (
                      <Button
                        type="text"
                        danger
                        size="small"
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                      >
                        {t('householdForm.removeMember')}
                      </Button>
                    )
                  }
                >
                  <Form.Item name={at('ref')} hidden>
                    <Input />
                  </Form.Item>
                  <Row gutter={16}>
                    <Col {...col}>
                      <Form.Item name={at('name')} label={t('householdForm.name')} rules={required}>
                        <Input maxLength={50} />
                      </Form.Item>
                    </Col>
                    <Col {...col}>
                      <Form.Item
                        name={at('relation')}
                        label={t('householdForm.relation')}
                        rules={required}
                      >
                        {isHead ? (
                          <Select
                            disabled
                            options={[{ value: 'head', label: t('assessment.relation_.head') }]}
                          />
                        ) : (
                          <Select options={otherRelations} />
                        )}
                      </Form.Item>
                    </Col>
                    <Col {...col}>
                      <SensitiveItem
                        form={form}
                        name={at('idNumber')}
                        fullName={['members', field.name, 'idNumber']}
                        label={t('householdForm.idNumber')}
                        sensitiveKey={`idNumber:${m?.ref ?? ''}`}
                        masked={m?.idNumberMasked ?? null}
                        sensitive={sensitive}
                        rules={[
                          {
                            required: isHead && !m?.idNumberMasked,
                            message: t('issue.required'),
                          },
                          {
                            validator: async (_r, raw: unknown) => {
                              if (typeof raw !== 'string' || raw.trim() === '') return;
                              const parsed = parseIdNumber(raw);
                              if (!parsed.ok)
                                throw new Error(
                                  idNumberProblem(
                                    parsed.error,
                                    raw.normalize('NFKC').replace(/\s+/g, '').length,
                                    t,
                                  ),
                                );
                            },
                          },
                        ]}
                        extra={
                          typed?.ok && (typed.converted15 || converted.has(m?.ref ?? '')) ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('householdForm.converted15')}：{typed.value}
                            </Typography.Text>
                          ) : null
                        }
                      >
                        <Input
                          maxLength={22}
                          autoComplete="off"
                          onChange={(e) => {
                            const parsed = parseIdNumber(e.target.value);
                            const ref = m?.ref ?? '';
                            if (parsed.ok && parsed.converted15)
                              setConverted((prev) => new Set(prev).add(ref));
                            else if (converted.has(ref))
                              setConverted((prev) => new Set([...prev].filter((r) => r !== ref)));
                            if (!parsed.ok) return;
                            form.setFields([
                              {
                                name: ['members', field.name, 'birthDate'],
                                value: dayjs(parsed.birthDate),
                                errors: [],
                              },
                              {
                                name: ['members', field.name, 'sex'],
                                value: parsed.sex,
                                errors: [],
                              },
                            ]);
                          }}
                          onBlur={(e) => {
                            const parsed = parseIdNumber(e.target.value);
                            if (parsed.ok && parsed.value !== e.target.value)
                              form.setFieldValue(['members', field.name, 'idNumber'], parsed.value);
                          }}
                        />
                      </SensitiveItem>
                    </Col>
                    <Col {...col}>
                      <Form.Item
                        name={at('birthDate')}
                        label={t('householdForm.birthDate')}
                        rules={required}
                        extra={idDecides ? t('householdForm.idDecides') : undefined}
                      >
                        <DatePicker
                          disabled={idDecides}
                          style={{ width: '100%' }}
                          disabledDate={(d) => d.isAfter(dayjs())}
                        />
                      </Form.Item>
                    </Col>
                    <Col {...col}>
                      <Form.Item name={at('sex')} label={t('householdForm.sex')} rules={required}>
                        <Radio.Group
                          disabled={idDecides}
                          optionType="button"
                          options={[
                            { value: 'male', label: t('householdForm.male') },
                            { value: 'female', label: t('householdForm.female') },
                          ]}
                        />
                      </Form.Item>
                    </Col>
                    <Col {...col}>
                      <Form.Item name={at('workStatus')} label={t('householdForm.workStatus')}>
                        <Select
                          allowClear
                          placeholder={t('householdForm.noWorkStatus')}
                          options={workStatuses.map((w) => ({
                            value: w,
                            label: t(`assessment.workStatus_.${w}`),
                          }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col {...col}>
                      <Form.Item
                        name={at('livingWithHouseholdSince')}
                        label={t('householdForm.livingSince')}
                      >
                        <DatePicker style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col {...col}>
                      <Form.Item name={at('healthStatus')} label={t('householdForm.healthStatus')}>
                        <Select allowClear options={dict('health_status')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24}>
                      <Space wrap size={[24, 0]}>
                        {(
                          [
                            'isAbleToWork',
                            'isInFullTimeStudy',
                            'isDependant',
                            'isDisabledOrSeriouslyIll',
                          ] as const
                        ).map((key) => (
                          <Form.Item
                            key={key}
                            name={at(key)}
                            valuePropName="checked"
                            style={{ marginBottom: 8 }}
                          >
                            <Checkbox>{t(`householdForm.${key}`)}</Checkbox>
                          </Form.Item>
                        ))}
                      </Space>
                    </Col>
                    {m?.isInFullTimeStudy && (
                      <>
                        <Col {...col}>
                          <Form.Item
                            name={at('studyLevel')}
                            label={t('householdForm.studyLevel')}
                            rules={required}
                          >
                            <Select
                              options={studyLevels.map((s) => ({
                                value: s,
                                label: t(`householdForm.studyLevel_.${s}`),
                              }))}
                            />
                          </Form.Item>
                        </Col>
                        <Col {...col}>
                          <Form.Item name={at('school')} label={t('householdForm.school')}>
                            <Input maxLength={100} />
                          </Form.Item>
                        </Col>
                      </>
                    )}
                    {(m?.isDisabledOrSeriouslyIll || m?.hasDiagnosis) && (
                      <>
                        <Col {...col}>
                          <Form.Item
                            name={at('disabilityType')}
                            label={t('householdForm.disabilityType')}
                          >
                            <Select allowClear options={dict('disability_type')} />
                          </Form.Item>
                        </Col>
                        <Col {...col}>
                          <Form.Item
                            name={at('disabilityGrade')}
                            label={t('householdForm.disabilityGrade')}
                          >
                            <Select allowClear options={dict('disability_grade')} />
                          </Form.Item>
                        </Col>
                        <Col xs={24}>
                          <SensitiveItem
                            form={form}
                            name={at('diagnosis')}
                            fullName={['members', field.name, 'diagnosis']}
                            label={t('householdForm.diagnosis')}
                            sensitiveKey={`diagnosis:${m?.ref ?? ''}`}
                            masked={m?.hasDiagnosis ? t('householdForm.diagnosisStored') : null}
                            sensitive={sensitive}
                          >
                            <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
                          </SensitiveItem>
                        </Col>
                      </>
                    )}
                  </Row>
                </Card>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(emptyMember('child'))}>
              {t('householdForm.addMember')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

/** 收入 and 刚性支出: items of a member or of the household as a whole. */
export function ItemsSection({
  form,
  kind,
}: {
  form: FormInstance<HouseholdFormValues>;
  kind: 'incomes' | 'rigidExpenditures';
}) {
  const { t } = useTranslation();
  const isZh = useLocale() === 'zh-CN';
  const members = (Form.useWatch('members', { form, preserve: true }) ?? []) as MemberFormValues[];
  const required = [{ required: true, message: t('issue.required') }];
  const memberOptions = [
    { value: '', label: t('householdForm.wholeHousehold') },
    ...members.map((m, i) => ({
      value: m?.ref ?? String(i),
      label: m?.name?.trim() || `${t(`assessment.relation_.${m?.relation ?? 'other'}`)} ${i + 1}`,
    })),
  ];
  const types: { value: string; label: string }[] =
    kind === 'incomes'
      ? incomeTypes.map((ty) => ({
          value: ty as string,
          label: isZh ? incomeTypeLabels[ty].zh : incomeTypeLabels[ty].en,
        }))
      : rigidExpenditureTypes.map((ty) => ({
          value: ty as string,
          label: isZh ? rigidExpenditureTypeLabels[ty].zh : rigidExpenditureTypeLabels[ty].en,
        }));
  return (
    <Card
      title={t(`householdForm.section.${kind === 'incomes' ? 'incomes' : 'expenditures'}`)}
      id={`bf-section-${kind}`}
      size="small"
    >
      <Form.List name={kind}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Row gutter={12} key={field.key} align="top" data-testid={`${kind}-${field.name}`}>
                <Col xs={12} md={5}>
                  <Form.Item name={[field.name, 'memberRef']} label={t('householdForm.memberRef')}>
                    <Select options={memberOptions} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item
                    name={[field.name, 'type']}
                    label={t('householdForm.type')}
                    rules={required}
                  >
                    <Select options={types} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item
                    name={[field.name, 'amountYuan']}
                    label={t('householdForm.amount')}
                    rules={required}
                  >
                    {yuanInput}
                  </Form.Item>
                </Col>
                <Col xs={10} md={7}>
                  <Form.Item name={[field.name, 'note']} label={t('householdForm.note')}>
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={2} md={1}>
                  <Form.Item label=" ">
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('householdForm.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ memberRef: '', type: types[0]!.value })}
            >
              {t(kind === 'incomes' ? 'householdForm.addIncome' : 'householdForm.addExpenditure')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

/** 致困原因: one main cause, up to three others, and the situation in words. */
export function CausesSection({ form }: { form: FormInstance<HouseholdFormValues> }) {
  const { t } = useTranslation();
  const main = Form.useWatch('mainCause', form);
  const options = hardshipCauses.map((c) => ({ value: c, label: t(`householdForm.cause_.${c}`) }));
  return (
    <Card title={t('householdForm.section.causes')} id="bf-section-causes" size="small">
      <Row gutter={16}>
        <Col {...col}>
          <Form.Item
            name="mainCause"
            label={t('householdForm.mainCause')}
            rules={[{ required: true, message: t('issue.required') }]}
          >
            <Select options={options} />
          </Form.Item>
        </Col>
        <Col {...wide}>
          <Form.Item name="secondaryCauses" label={t('householdForm.secondaryCauses')}>
            <Select
              mode="multiple"
              maxCount={maxSecondaryHardshipCauses}
              options={options.filter((o) => o.value !== main)}
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="situation" label={t('householdForm.situation')}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 8 }} showCount />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

/** 排除条件: each of the six, 是/否/未核查, with the evidence. */
export function ExclusionsSection() {
  const { t } = useTranslation();
  const isZh = useLocale() === 'zh-CN';
  return (
    <Card title={t('householdForm.section.exclusions')} id="bf-section-exclusions" size="small">
      {exclusionIds.map((id) => (
        <Row gutter={12} key={id} align="top">
          <Col xs={24} lg={14}>
            <Form.Item
              name={['exclusions', id, 'answer']}
              label={isZh ? exclusionLabels[id].zh : exclusionLabels[id].en}
              layout="horizontal"
              labelAlign="left"
              labelCol={{ flex: '1 1 0', style: { whiteSpace: 'normal' } }}
              wrapperCol={{ flex: 'none' }}
              colon={false}
              style={{ marginBottom: 8 }}
            >
              <Radio.Group
                optionType="button"
                size="small"
                options={(['no', 'yes', 'unknown'] as const).map((a) => ({
                  value: a,
                  label: t(`householdForm.answer_.${a}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={10}>
            <Form.Item name={['exclusions', id, 'evidence']} style={{ marginBottom: 8 }}>
              <Input
                size="small"
                maxLength={500}
                placeholder={t('householdForm.evidence')}
                aria-label={`${isZh ? exclusionLabels[id].zh : exclusionLabels[id].en} ${t('householdForm.evidence')}`}
              />
            </Form.Item>
          </Col>
        </Row>
      ))}
    </Card>
  );
}

/** 意外致困 (optional) and, for a migrant worker's household, 农民工情况. */
export function AccidentAndMigrantSection({ form }: { form: FormInstance<HouseholdFormValues> }) {
  const { t } = useTranslation();
  const hasAccident = Form.useWatch('hasAccident', form) ?? false;
  const members = (Form.useWatch('members', { form, preserve: true }) ?? []) as MemberFormValues[];
  const isMigrant = isMigrantHousehold({ members });
  const required = [{ required: true, message: t('issue.required') }];
  return (
    <>
      <Card title={t('householdForm.section.accident')} id="bf-section-accident" size="small">
        <Form.Item name="hasAccident" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>{t('householdForm.hasAccident')}</Checkbox>
        </Form.Item>
        {hasAccident && (
          <Row gutter={16}>
            <Col {...col}>
              <Form.Item
                name={['accident', 'cause']}
                label={t('householdForm.accidentCause')}
                rules={required}
              >
                <Select
                  options={accidentCauses.map((c) => ({
                    value: c,
                    label: t(`householdForm.accidentCause_.${c}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item
                name={['accident', 'costsYuan']}
                label={t('householdForm.costs')}
                rules={required}
              >
                {yuanInput}
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item
                name={['accident', 'compensationYuan']}
                label={t('householdForm.compensation')}
              >
                {yuanInput}
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name={['accident', 'occurredOn']} label={t('householdForm.occurredOn')}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
              </Form.Item>
            </Col>
            <Col {...wide}>
              <Form.Item
                name={['accident', 'description']}
                label={t('householdForm.accidentDescription')}
              >
                <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Card>
      {isMigrant && (
        <Card
          title={t('householdForm.section.migrant')}
          id="bf-section-migrant"
          size="small"
          style={{ marginTop: 16 }}
        >
          <Typography.Paragraph type="secondary">
            {t('householdForm.migrantHint')}
          </Typography.Paragraph>
          <Row gutter={16}>
            <Col {...col}>
              <Form.Item
                name={['migrantWorker', 'isUnionMember']}
                label={t('householdForm.migrantUnionMember')}
              >
                <Select
                  allowClear
                  options={[
                    { value: true, label: t('householdForm.answer_.yes') },
                    { value: false, label: t('householdForm.answer_.no') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item
                name={['migrantWorker', 'employedInCitySince']}
                label={t('householdForm.employedInCitySince')}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
      )}
    </>
  );
}
