import { useCallback, useMemo, useState } from 'react';
import { Alert, Anchor, App, Button, Card, Col, Form, Row, Space, Typography } from 'antd';
import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/errors';
import {
  householdFileInputSchema,
  toAssessmentInput,
  type HouseholdFile,
  type HouseholdFileInputJson,
} from '../../../shared/households/household-file';
import { api, ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { FullPageSpin, LoadFailed } from '../../components/status';
import { setFieldIssues } from '../../forms/zod-form';
import { useMe } from '../../session/session';
import { LiveAssessment } from './household-form-assessment';
import { TemporaryReliefCard, temporaryReliefOf } from '../transfers/temporary-relief-fields';
import { ApplicationSteps } from './application-steps';
import { movesApi } from '../transfers/moves-api';
import { ConflictModal, conflictOf, type FileConflict } from './household-form-conflict';
import { translateHouseholdIssue } from './household-form-issues';
import {
  AccidentAndMigrantSection,
  BasicSection,
  CausesSection,
  ExclusionsSection,
  formName,
  ItemsSection,
  MembersSection,
  useDictionaryOptions,
  type SensitiveState,
} from './household-form-sections';
import {
  emptyHouseholdValues,
  formPathOf,
  toFileInput,
  valuesFromFile,
  type HouseholdFormValues,
  type SensitiveKey,
} from './household-form-values';

type SavedFile = HouseholdFile & { assessmentProblem: string | null };

/**
 * 建档 and 编辑档案 (/households/new, /households/:id/edit): the household file
 * form with the instant assessment beside it.
 */
export default function HouseholdEditPage() {
  const { id } = useParams();
  const householdId = id ? Number(id) : null;
  const { t } = useTranslation();
  const { data, isLoading, error, reload } = useLoad(
    () =>
      householdId === null
        ? Promise.resolve(null)
        : api.get<HouseholdFile>(`/api/households/${householdId}`),
    [householdId],
  );
  if (householdId !== null && Number.isNaN(householdId))
    return <LoadFailed onRetry={() => void reload()} />;
  if (isLoading && data === undefined) return <FullPageSpin inline />;
  if (error || data === undefined)
    return (
      <Card>
        <Typography.Text type="danger">{t('householdForm.loadFailed')}</Typography.Text>
      </Card>
    );
  return (
    <HouseholdEditor
      key={data ? `${data.id}:${data.version}` : 'new'}
      file={data}
      onReload={() => void reload()}
    />
  );
}

function scrollToFirstError(form: ReturnType<typeof Form.useForm<HouseholdFormValues>>[0]) {
  const first = form.getFieldsError().find((f) => f.errors.length > 0);
  if (first) form.scrollToField(first.name, { behavior: 'smooth', block: 'center' });
}

function HouseholdEditor({ file, onReload }: { file: HouseholdFile | null; onReload: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const report = useReportError();
  const { message, notification } = App.useApp();
  const [form] = Form.useForm<HouseholdFormValues>();
  const [search] = useSearchParams();
  const isTemporary = !file && search.get('kind') === 'temporary';
  const dict = useDictionaryOptions();
  const [unlocked, setUnlocked] = useState<ReadonlySet<SensitiveKey>>(new Set());
  const [tick, setTick] = useState(0);
  const [isSaving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<FileConflict | null>(null);
  const [personProblem, setPersonProblem] = useState<string | null>(null);
  const initialValues = useMemo(
    () => (file ? valuesFromFile(file) : emptyHouseholdValues(me.node.id)),
    [file, me.node.id],
  );

  /** A stored value is masked and kept until the user unlocks it. */
  const isLocked = useCallback(
    (key: SensitiveKey) => {
      if (!file || unlocked.has(key)) return false;
      if (key === 'phone') return file.phoneMasked !== null;
      if (key === 'bankAccount') return file.bankAccountMasked !== null;
      const [kind, ref] = key.split(':');
      const stored = file.members.find((m) => (m.ref || String(m.id)) === ref);
      if (!stored) return false;
      return kind === 'idNumber' ? stored.idNumberMasked !== null : stored.hasDiagnosis;
    },
    [file, unlocked],
  );
  const sensitive: SensitiveState = {
    isLocked,
    setLocked: (key, lock) =>
      setUnlocked((prev) => {
        const next = new Set(prev);
        if (lock) next.delete(key);
        else next.add(key);
        return next;
      }),
  };

  const body = (): HouseholdFileInputJson =>
    toFileInput(
      form.getFieldsValue(true) as HouseholdFormValues,
      isLocked,
      file?.monthlyIncomes ?? [],
    );

  const readAssessmentInput = () => {
    try {
      return toAssessmentInput(body());
    } catch {
      return null;
    }
  };

  const memberNames = useMemo(
    () => new Map((file?.members ?? []).map((m) => [m.id, m.name])),
    [file],
  );

  const showIssues = (issues: FieldIssue[]) => {
    const translated = issues.map((i) => ({
      path: formPathOf(i.path),
      message: translateHouseholdIssue(i.message, t),
    }));
    const onFields = translated.filter((i) => i.path.includes('.') || i.path !== 'members');
    const rest = [
      ...translated.filter((i) => !onFields.includes(i)),
      ...setFieldIssues(form, onFields, t),
    ];
    void message.error(
      rest.length
        ? rest.map((r) => r.message).join(t('common.separator'))
        : t('householdForm.fixErrors'),
    );
    scrollToFirstError(form);
  };

  const showPersonConflict = (error: ApiError) => {
    const d = error.details;
    const index = typeof d.memberIndex === 'number' ? d.memberIndex : 0;
    const members = (form.getFieldValue('members') ?? []) as HouseholdFormValues['members'];
    const text =
      typeof d.userMessage === 'string'
        ? d.userMessage
        : t('householdForm.person.message', {
            name: members[index]?.name ?? '',
            contact: `${String(d.nodeName ?? '')}${
              d.nodePhone ? t('householdForm.person.phone', { phone: String(d.nodePhone) }) : ''
            }`,
          });
    setPersonProblem(text);
    form.setFields([{ name: ['members', index, 'idNumber'], errors: [text] }]);
    form.scrollToField(['members', index, 'idNumber'], { behavior: 'smooth', block: 'center' });
  };

  const save = async () => {
    setPersonProblem(null);
    try {
      await form.validateFields();
    } catch {
      void message.error(t('householdForm.fixErrors'));
      scrollToFirstError(form);
      return;
    }
    const parsed = householdFileInputSchema.safeParse(body());
    if (!parsed.success) {
      showIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return;
    }
    setSaving(true);
    try {
      const saved = file
        ? await api.put<SavedFile>(`/api/households/${file.id}`, {
            version: file.version,
            file: parsed.data,
          })
        : isTemporary
          ? await movesApi.createTemporary(parsed.data, temporaryReliefOf(form))
          : await api.post<SavedFile>('/api/households', parsed.data);
      void message.success(t(file ? 'householdForm.saved' : 'householdForm.created'));
      if (saved.assessmentProblem)
        notification.warning({
          title: t('householdForm.assessmentProblem', { problem: saved.assessmentProblem }),
          duration: 0,
        });
      // A new application goes on in its wizard: documents, the assessment, submission.
      void navigate(
        file || isTemporary
          ? `/households/${saved.id}`
          : `/households/${saved.id}/apply?step=documents`,
      );
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        if (e.details.reason === 'person_in_active_file') return showPersonConflict(e);
        const stale = conflictOf(e.details);
        if (stale) return setConflict(stale);
      }
      if (e instanceof ApiError && e.code === 'VALIDATION' && e.issues.length)
        return showIssues(e.issues);
      report(e);
    } finally {
      setSaving(false);
    }
  };

  const title = file
    ? t('householdForm.editTitle', { name: file.headName })
    : isTemporary
      ? t('moves.temporary.newTitle')
      : t('householdForm.newTitle');

  return (
    <Form<HouseholdFormValues>
      form={form}
      name={formName}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={() => setTick((n) => n + 1)}
      onFinish={() => void save()}
      // Enter moves on while typing from paper; only the button saves.
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
      }}
      scrollToFirstError
      className="bf-household-file-form"
    >
      <Row gutter={16} align="top">
        <Col xs={24} xl={17}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small">
              <Space align="center" wrap>
                <Button
                  icon={<ArrowLeftOutlined />}
                  onClick={() => void navigate(file ? `/households/${file.id}` : '/households')}
                >
                  {t('householdForm.back')}
                </Button>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {title}
                </Typography.Title>
              </Space>
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                {t('householdForm.intro')}
              </Typography.Paragraph>
              {!file && !isTemporary && (
                <div style={{ marginTop: 16 }}>
                  <ApplicationSteps current={0} />
                </div>
              )}
            </Card>
            {personProblem && (
              <Alert
                type="error"
                showIcon
                title={t('householdForm.person.title')}
                description={personProblem}
                data-testid="person-conflict"
                closable={{ onClose: () => setPersonProblem(null) }}
              />
            )}
            {isTemporary && <TemporaryReliefCard />}
            <BasicSection
              form={form}
              dict={dict}
              sensitive={sensitive}
              phoneMasked={file?.phoneMasked ?? null}
              bankAccountMasked={file?.bankAccountMasked ?? null}
            />
            <MembersSection form={form} dict={dict} sensitive={sensitive} />
            <ItemsSection form={form} kind="incomes" />
            <ItemsSection form={form} kind="rigidExpenditures" />
            <CausesSection form={form} />
            <ExclusionsSection />
            <AccidentAndMigrantSection form={form} />
          </Space>
        </Col>
        <Col xs={24} xl={7}>
          <div className="bf-household-side" style={{ position: 'sticky', top: 72 }}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Button
                type="primary"
                size="large"
                block
                htmlType="submit"
                icon={<SaveOutlined />}
                loading={isSaving}
              >
                {file ? t('householdForm.save') : t('householdForm.submit')}
              </Button>
              <LiveAssessment tick={tick} readInput={readAssessmentInput} />
              <Card size="small" className="bf-household-anchor">
                <Anchor
                  targetOffset={80}
                  items={(
                    [
                      'basic',
                      'members',
                      'incomes',
                      'rigidExpenditures',
                      'causes',
                      'exclusions',
                      'accident',
                    ] as const
                  ).map((key) => ({
                    key,
                    href: `#bf-section-${key}`,
                    title: t(
                      `householdForm.section.${key === 'rigidExpenditures' ? 'expenditures' : key}`,
                    ),
                  }))}
                />
              </Card>
            </Space>
          </div>
        </Col>
      </Row>
      <ConflictModal
        conflict={conflict}
        memberNames={memberNames}
        onClose={() => setConflict(null)}
        onReload={() => {
          setConflict(null);
          onReload();
        }}
      />
    </Form>
  );
}
