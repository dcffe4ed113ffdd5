import { useState } from 'react';
import { Alert, App, Button, Checkbox, Space, Tooltip } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { HouseholdFile, RevealableField } from '../../../shared/households/household-file';
import { exclusionIds } from '../../../shared/households/policy';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useReportError } from '../../api/use-report-error';
import { FullPageSpin, LoadFailed } from '../../components/status';
import { useCan } from '../../session/session';
import { NotFoundPage } from '../errors/error-pages';
import { householdsApi } from './households-api';
import { useHouseholdLabels, yuan, type HouseholdLabels } from './household-view-labels';
import { RevealReasonModal } from './reveal';

/**
 * Paper only shows the form: the app's chrome (header, side menu, breadcrumb,
 * footer) and this page's own toolbar are hidden when printing.
 */
const printCss = `
@page { size: A4 portrait; margin: 12mm 12mm 14mm; }
.hh-sheet { width: 186mm; margin: 0 auto; padding: 10mm 12mm; background: #fff; color: #000;
  font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10.5pt; line-height: 1.45;
  box-shadow: 0 1px 6px rgba(0,0,0,.12); box-sizing: content-box; }
.hh-sheet h1 { text-align: center; font-size: 20pt; letter-spacing: 6pt; margin: 0 0 4mm; font-weight: bold; }
.hh-meta { display: flex; justify-content: space-between; margin-bottom: 2mm; font-size: 10pt; }
.hh-sheet table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: -1px; }
.hh-sheet th, .hh-sheet td { border: 1px solid #000; padding: 1.2mm 1.5mm; vertical-align: middle; word-break: break-all; }
.hh-sheet th { font-weight: normal; background: #f3f3f3; text-align: center; }
.hh-sheet td.hh-num { text-align: right; font-variant-numeric: tabular-nums; }
.hh-sheet td.hh-center { text-align: center; }
.hh-sheet .hh-section { font-weight: bold; text-align: left; background: #e6e6e6; letter-spacing: 1pt; }
.hh-sheet .hh-text { height: 22mm; white-space: pre-wrap; text-align: left; vertical-align: top; }
.hh-sheet .hh-sign td { height: 14mm; vertical-align: bottom; }
.hh-sheet .hh-note { font-size: 8.5pt; margin-top: 2mm; color: #333; }
.hh-toolbar { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap;
  gap: 12px; width: 210mm; max-width: 100%; margin: 0 auto 12px; }
@media print {
  .bf-header, .bf-sider, .bf-navbar, .bf-footer, .hh-toolbar, .hh-screen-only,
  .ant-message, .ant-notification { display: none !important; }
  html, body, .bf-shell, .bf-main, .ant-layout { background: #fff !important; }
  .bf-content { padding: 0 !important; margin: 0 !important; }
  .hh-sheet { box-shadow: none; padding: 0; width: auto; }
  .hh-sheet th, .hh-sheet .hh-section { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .hh-sheet tr { page-break-inside: avoid; }
}
`;

type Secrets = Map<string, string | null>;
const secretKey = (field: RevealableField, memberId?: number) => `${field}:${memberId ?? ''}`;

/** Every sensitive value the form prints, so "print in full" can reveal each one. */
function neededSecrets(file: HouseholdFile) {
  const needed: { field: RevealableField; memberId?: number }[] = [];
  if (file.phoneMasked) needed.push({ field: 'phone' });
  if (file.bankAccountMasked) needed.push({ field: 'bankAccount' });
  for (const m of file.members) {
    if (m.idNumberMasked) needed.push({ field: 'idNumber', memberId: m.id });
    if (m.hasDiagnosis) needed.push({ field: 'diagnosis', memberId: m.id });
  }
  return needed;
}

/** 困难职工档案表: the paper form, A4 portrait, ready for signatures and the union's seal. */
export default function HouseholdPrintPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const labels = useHouseholdLabels();
  const can = useCan();
  const navigate = useNavigate();
  const report = useReportError();
  const { message } = App.useApp();
  const { data: file, error, isLoading, reload } = useLoad(() => householdsApi.get(id), [id]);
  const [secrets, setSecrets] = useState<Secrets | null>(null);
  const [isAsking, setAsking] = useState(false);

  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  if (!file) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return <NotFoundPage />;
    if (error && !isLoading) return <LoadFailed onRetry={() => void reload()} />;
    return <FullPageSpin inline />;
  }

  const revealAll = async (reason: string) => {
    const found: Secrets = new Map();
    try {
      // One reveal per value: each is its own line in the read log.
      for (const need of neededSecrets(file)) {
        const answer = await householdsApi.reveal(file.id, { ...need, reason });
        found.set(secretKey(need.field, need.memberId), answer.value);
      }
      setSecrets(found);
      setAsking(false);
      void message.info(t('households.printForm.revealed', { count: found.size }));
    } catch (e) {
      report(e);
    }
  };

  return (
    <div>
      <style>{printCss}</style>
      <div className="hh-toolbar">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => void navigate(`/households/${file.id}`)}
        >
          {t('households.printForm.back')}
        </Button>
        <Space wrap>
          {can('household.reveal') && (
            <Tooltip title={t('households.printForm.fullHint')}>
              <Checkbox
                checked={secrets !== null}
                onChange={(e) => {
                  if (e.target.checked) setAsking(true);
                  else setSecrets(null);
                }}
              >
                {t('households.printForm.full')}
              </Checkbox>
            </Tooltip>
          )}
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('households.printForm.print')}
          </Button>
        </Space>
      </div>
      {secrets !== null && (
        <Alert
          className="hh-screen-only"
          type="info"
          showIcon
          style={{ width: '210mm', maxWidth: '100%', margin: '0 auto 12px' }}
          title={t('households.printForm.fullNote')}
        />
      )}
      <PrintSheet file={file} labels={labels} secrets={secrets} />
      <RevealReasonModal
        open={isAsking}
        title={t('households.printForm.fullTitle')}
        subject={t('households.printForm.fullSubject', { count: neededSecrets(file).length })}
        onCancel={() => setAsking(false)}
        onConfirm={revealAll}
      />
    </div>
  );
}

function PrintSheet({
  file,
  labels,
  secrets,
}: {
  file: HouseholdFile;
  labels: HouseholdLabels;
  secrets: Secrets | null;
}) {
  const { t } = useTranslation();
  const p = (key: string) => t(`households.printForm.${key as 'title'}`);
  const head = file.members.find((m) => m.relation === 'head');
  const secret = (field: RevealableField, masked: string | null, memberId?: number) => {
    const clear = secrets?.get(secretKey(field, memberId));
    return clear ?? masked ?? '';
  };
  const memberById = new Map(file.members.map((m) => [String(m.id), m]));
  const who = (ref: string | null) =>
    ref === null ? t('households.wholeHousehold') : (memberById.get(ref)?.name ?? ref);
  const incomeTotal = file.incomes.reduce((s, i) => s + i.amountFen, 0);
  const spendTotal = file.rigidExpenditures.reduce((s, i) => s + i.amountFen, 0);
  const a = file.assessment;
  const lines = a?.result.lines;
  const exclusionWord = (answer: boolean | null | undefined) =>
    answer === true
      ? t('households.exclusionBars')
      : answer === false
        ? t('households.exclusionClear')
        : t('households.exclusionUnchecked');
  const dash = (v: string | null | undefined) => v || '';
  const flags = [
    file.isSingleParent && t('households.flag.singleParent'),
    file.isZeroEmployment && t('households.flag.zeroEmployment'),
  ].filter(Boolean);

  return (
    <div className="hh-sheet" data-testid="print-sheet">
      <h1>{p('title')}</h1>
      <div className="hh-meta">
        <span>
          {p('fileNo')}
          {t('common.colon')}
          {file.fileNo ?? '________'}
        </span>
        <span>
          {p('node')}
          {t('common.colon')}
          {file.nodeName}
        </span>
        <span>
          {p('printedOn')}
          {t('common.colon')}
          {dayjs().format('YYYY-MM-DD')}
        </span>
      </div>

      <table>
        <colgroup>
          {Array.from({ length: 8 }, (_, i) => (
            <col key={i} style={{ width: i % 2 === 0 ? '13%' : '12%' }} />
          ))}
        </colgroup>
        <tbody>
          <tr>
            <th colSpan={8} className="hh-section">
              {p('headSection')}
            </th>
          </tr>
          <tr>
            <th>{t('households.headName')}</th>
            <td className="hh-center">{file.headName}</td>
            <th>{t('households.sex')}</th>
            <td className="hh-center">{head ? labels.sex(head.sex) : ''}</td>
            <th>{t('households.birthDate')}</th>
            <td className="hh-center">{head?.birthDate ?? ''}</td>
            <th>{t('households.politicalStatus')}</th>
            <td className="hh-center">{labels.dict('political_status', file.politicalStatus)}</td>
          </tr>
          <tr>
            <th>{t('households.idNumber')}</th>
            <td colSpan={3} className="hh-center" data-testid="print-head-id">
              {head ? secret('idNumber', head.idNumberMasked, head.id) : ''}
            </td>
            <th>{t('households.phone')}</th>
            <td colSpan={3} className="hh-center" data-testid="print-phone">
              {secret('phone', file.phoneMasked)}
            </td>
          </tr>
          <tr>
            <th>{t('households.employerName')}</th>
            <td colSpan={3}>{dash(file.employerName)}</td>
            <th>{t('households.employerType')}</th>
            <td className="hh-center">{labels.dict('employer_type', file.employerType)}</td>
            <th>{t('households.industry')}</th>
            <td className="hh-center">{labels.dict('industry', file.industry)}</td>
          </tr>
          <tr>
            <th>{t('households.headWorkStatus')}</th>
            <td className="hh-center">{labels.workStatus(head?.workStatus ?? null)}</td>
            <th>{t('households.isUnionMember')}</th>
            <td className="hh-center">{labels.yesNo(file.isUnionMember)}</td>
            <th>{t('households.maritalStatus')}</th>
            <td className="hh-center">{labels.dict('marital_status', file.maritalStatus)}</td>
            <th>{t('households.hukouType')}</th>
            <td className="hh-center">{labels.dict('hukou_type', file.hukouType)}</td>
          </tr>
          <tr>
            <th>{t('households.housingType')}</th>
            <td className="hh-center">{labels.dict('housing_type', file.housingType)}</td>
            <th>{t('households.housingAreaBand')}</th>
            <td className="hh-center">{labels.dict('housing_area_band', file.housingAreaBand)}</td>
            <th>{t('households.modelWorkerType')}</th>
            <td className="hh-center">{labels.dict('model_worker_type', file.modelWorkerType)}</td>
            <th>{t('households.flags')}</th>
            <td className="hh-center">{flags.length ? flags.join('、') : '—'}</td>
          </tr>
          <tr>
            <th>{t('households.address')}</th>
            <td colSpan={7}>
              {file.regionName ?? file.regionCode} {dash(file.address)}
            </td>
          </tr>
          <tr>
            <th>{t('households.bankName')}</th>
            <td colSpan={3}>{dash(file.bankName)}</td>
            <th>{t('households.bankAccount')}</th>
            <td colSpan={3} className="hh-center">
              {secret('bankAccount', file.bankAccountMasked)}
            </td>
          </tr>
        </tbody>
      </table>

      <table>
        <colgroup>
          <col style={{ width: '10%' }} />
          <col style={{ width: '11%' }} />
          <col style={{ width: '6%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '22%' }} />
          <col style={{ width: '13%' }} />
          <col style={{ width: '16%' }} />
          <col style={{ width: '10%' }} />
        </colgroup>
        <tbody>
          <tr>
            <th colSpan={8} className="hh-section">
              {p('membersSection')}
            </th>
          </tr>
          <tr>
            <th>{t('households.memberName')}</th>
            <th>{t('households.relation')}</th>
            <th>{t('households.sex')}</th>
            <th>{t('households.birthDate')}</th>
            <th>{t('households.idNumber')}</th>
            <th>{p('workOrStudy')}</th>
            <th>{t('households.health')}</th>
            <th>{t('households.ableToWork')}</th>
          </tr>
          {file.members.map((m) => {
            const diagnosis = secrets?.get(secretKey('diagnosis', m.id));
            return (
              <tr key={m.id}>
                <td className="hh-center">{m.name}</td>
                <td className="hh-center">{labels.relation(m.relation)}</td>
                <td className="hh-center">{labels.sex(m.sex)}</td>
                <td className="hh-center">{m.birthDate}</td>
                <td className="hh-center">{secret('idNumber', m.idNumberMasked, m.id)}</td>
                <td className="hh-center">
                  {m.isInFullTimeStudy
                    ? `${labels.studyLevel(m.studyLevel)}${m.school ? ` ${m.school}` : ''}`
                    : labels.workStatus(m.workStatus)}
                </td>
                <td className="hh-center">
                  {labels.dict('health_status', m.healthStatus)}
                  {m.disabilityType
                    ? ` ${labels.dict('disability_type', m.disabilityType)}${m.disabilityGrade ? labels.dict('disability_grade', m.disabilityGrade) : ''}`
                    : ''}
                  {diagnosis ? `(${diagnosis})` : ''}
                </td>
                <td className="hh-center">{labels.yesNo(m.isAbleToWork)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {(
        [
          [p('incomeSection'), file.incomes, incomeTotal, true],
          [p('spendingSection'), file.rigidExpenditures, spendTotal, false],
        ] as const
      ).map(([title, items, total, isIncome]) => (
        <table key={title}>
          <colgroup>
            <col style={{ width: '22%' }} />
            <col style={{ width: '30%' }} />
            <col style={{ width: '18%' }} />
            <col style={{ width: '30%' }} />
          </colgroup>
          <tbody>
            <tr>
              <th colSpan={4} className="hh-section">
                {title}
              </th>
            </tr>
            <tr>
              <th>{t('households.member')}</th>
              <th>{t('households.itemType')}</th>
              <th>{t('households.amount')}</th>
              <th>{t('households.note')}</th>
            </tr>
            {items.map((i, n) => (
              <tr key={n}>
                <td className="hh-center">{who(i.memberRef)}</td>
                <td className="hh-center">
                  {isIncome
                    ? labels.incomeType(i.type as never)
                    : labels.expenditureType(i.type as never)}
                </td>
                <td className="hh-num">{yuan(i.amountFen)}</td>
                <td>{i.note ?? ''}</td>
              </tr>
            ))}
            {items.length === 0 && (
              <tr>
                <td colSpan={4} className="hh-center">
                  {p('none')}
                </td>
              </tr>
            )}
            <tr>
              <th colSpan={2}>{t('common.total')}</th>
              <td className="hh-num">
                <strong>{yuan(total)}</strong>
              </td>
              <td />
            </tr>
          </tbody>
        </table>
      ))}

      <table>
        <colgroup>
          <col style={{ width: '18%' }} />
          <col style={{ width: '82%' }} />
        </colgroup>
        <tbody>
          <tr>
            <th colSpan={2} className="hh-section">
              {p('causesSection')}
            </th>
          </tr>
          <tr>
            <th>{t('households.mainCause')}</th>
            <td>{labels.cause(file.mainCause)}</td>
          </tr>
          <tr>
            <th>{t('households.secondaryCauses')}</th>
            <td>{file.secondaryCauses.map((c) => labels.cause(c)).join('、') || '—'}</td>
          </tr>
          <tr>
            <th colSpan={2} className="hh-section">
              {p('situationSection')}
            </th>
          </tr>
          <tr>
            <td colSpan={2} className="hh-text">
              {dash(file.situation)}
            </td>
          </tr>
        </tbody>
      </table>

      <table>
        <colgroup>
          <col style={{ width: '18%' }} />
          <col style={{ width: '32%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '32%' }} />
        </colgroup>
        <tbody>
          <tr>
            <th colSpan={4} className="hh-section">
              {p('resultSection')}
            </th>
          </tr>
          <tr>
            <th>{t('households.category')}</th>
            <td className="hh-center" data-testid="print-category">
              <strong>{labels.category(file.category, file.eligible)}</strong>
              {file.provisional ? `(${t('households.provisional')})` : ''}
            </td>
            <th>{t('households.perCapita')}</th>
            <td className="hh-center">{yuan(file.perCapitaMonthlyFen)}</td>
          </tr>
          <tr>
            <th>{p('lineUsed')}</th>
            <td className="hh-center">
              {lines
                ? `${yuan(lines.dibaoMonthlyFen)}(${t('households.printForm.lineFrom', { from: lines.lineEffectiveFrom })})`
                : '—'}
            </td>
            <th>{t('households.policyVersion')}</th>
            <td className="hh-center">{a?.policyVersionId ?? '—'}</td>
          </tr>
          <tr>
            <th>{p('assessedOn')}</th>
            <td className="hh-center">{a ? dayjs(a.assessedAt).format('YYYY-MM-DD') : '—'}</td>
            <th>{t('households.asOf')}</th>
            <td className="hh-center">{a?.asOf ?? '—'}</td>
          </tr>
          <tr>
            <th colSpan={4} className="hh-section">
              {p('exclusionsSection')}
            </th>
          </tr>
          {exclusionIds.map((x) => (
            <tr key={x}>
              <td colSpan={3}>{labels.exclusion(x)}</td>
              <td className="hh-center">
                {exclusionWord(file.exclusions[x]?.answer)}
                {file.exclusions[x]?.evidence ? `(${file.exclusions[x]?.evidence})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <table className="hh-sign">
        <colgroup>
          {Array.from({ length: 8 }, (_, i) => (
            <col key={i} style={{ width: i % 2 === 0 ? '10%' : '15%' }} />
          ))}
        </colgroup>
        <tbody>
          <tr>
            <th>{p('handler')}</th>
            <td />
            <th>{p('reviewer')}</th>
            <td />
            <th>{p('seal')}</th>
            <td />
            <th>{p('date')}</th>
            <td className="hh-center">{p('dateBlank')}</td>
          </tr>
        </tbody>
      </table>
      <div className="hh-note">{secrets ? p('noteFull') : p('noteMasked')}</div>
    </div>
  );
}
