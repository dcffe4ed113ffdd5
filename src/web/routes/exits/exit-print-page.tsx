import { Button, Result } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { HouseholdFile } from '../../../shared/households/household-file';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { FullPageSpin, LoadFailed } from '../../components/status';
import { NotFoundPage } from '../errors/error-pages';
import { householdsApi } from '../households/households-api';
import { yuan } from '../households/household-view-labels';
import { exitsApi, useExitLabels, type ExitLabels, type ExitView } from './exits-api';

/** Paper shows only the form (the app's chrome and the toolbar are hidden when printing). */
const printCss = `
@page { size: A4 portrait; margin: 12mm 12mm 14mm; }
.ex-sheet { width: 186mm; margin: 0 auto; padding: 10mm 12mm; background: #fff; color: #000;
  font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10.5pt; line-height: 1.5;
  box-shadow: 0 1px 6px rgba(0,0,0,.12); box-sizing: content-box; }
.ex-sheet h1 { text-align: center; font-size: 20pt; letter-spacing: 4pt; margin: 0 0 4mm; font-weight: bold; }
.ex-meta { display: flex; justify-content: space-between; margin-bottom: 2mm; font-size: 10pt; }
.ex-sheet table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.ex-sheet th, .ex-sheet td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: middle; word-break: break-all; }
.ex-sheet th { font-weight: normal; background: #f3f3f3; width: 30mm; text-align: center; }
.ex-sheet .ex-text { min-height: 24mm; height: 24mm; white-space: pre-wrap; vertical-align: top; }
.ex-sheet .ex-sign { text-align: right; padding-top: 6mm; }
.ex-toolbar { display: flex; justify-content: space-between; width: 210mm; max-width: 100%; margin: 0 auto 12px; }
@media print {
  .bf-header, .bf-sider, .bf-navbar, .bf-footer, .ex-toolbar,
  .ant-message, .ant-notification { display: none !important; }
  html, body, .bf-shell, .bf-main, .ant-layout { background: #fff !important; }
  .bf-content { padding: 0 !important; margin: 0 !important; }
  .ex-sheet { box-shadow: none; padding: 0; width: auto; }
  .ex-sheet th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** 退出审批表: the exit form of one household, A4, with the verification and the decision. */
export default function ExitPrintPage() {
  const { t } = useTranslation();
  const params = useParams();
  const id = Number(params.id);
  const exitId = Number(params.exitId);
  const navigate = useNavigate();
  const labels = useExitLabels();
  const { data, error, isLoading, reload } = useLoad(
    async () => ({
      file: await householdsApi.get(id),
      overview: await exitsApi.exits(id),
    }),
    [id],
  );
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  if (!data) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return <NotFoundPage />;
    if (error && !isLoading) return <LoadFailed onRetry={() => void reload()} />;
    return <FullPageSpin inline />;
  }
  const exit = data.overview.exits.find((e) => e.id === exitId);
  return (
    <div>
      <style>{printCss}</style>
      <div className="ex-toolbar">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => void navigate(`/households/${id}?tab=exits`)}
        >
          {t('exits.printPage.back')}
        </Button>
        {exit && (
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('exits.printPage.print')}
          </Button>
        )}
      </div>
      {exit ? (
        <ExitSheet file={data.file} exit={exit} labels={labels} />
      ) : (
        <Result status="404" title={t('exits.printPage.notFound')} />
      )}
    </div>
  );
}

function ExitSheet({
  file,
  exit,
  labels,
}: {
  file: HouseholdFile;
  exit: ExitView;
  labels: ExitLabels;
}) {
  const { t } = useTranslation();
  const p = (key: string) => t(`exits.printPage.${key as 'title'}`);
  const colon = t('common.colon');
  const day = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD') : '');
  const check = exit.evidence.incomeCheckAtApproval ?? exit.evidence.incomeCheck;
  const v = exit.verification;
  return (
    <div className="ex-sheet" data-testid="exit-sheet">
      <h1>{p('title')}</h1>
      <div className="ex-meta">
        <span>
          {p('fileNo')}
          {colon}
          {file.fileNo ?? '________'}
        </span>
        <span>
          {p('unit')}
          {colon}
          {file.nodeName}
        </span>
      </div>
      <table>
        <tbody>
          <tr>
            <th>{p('household')}</th>
            <td>{file.headName}</td>
            <th>{p('members')}</th>
            <td>{file.members.length}</td>
          </tr>
          <tr>
            <th>{p('kind')}</th>
            <td>{labels.kind(exit.kind)}</td>
            <th>{p('reason')}</th>
            <td>{labels.reason(exit.kind, exit.reasonCode)}</td>
          </tr>
          <tr>
            <th>{p('situation')}</th>
            <td colSpan={3} className="ex-text">
              {exit.reason}
              <div className="ex-sign">
                {exit.proposedByName} {day(exit.proposedAt)}
              </div>
            </td>
          </tr>
          <tr>
            <th>{p('evidence')}</th>
            <td colSpan={3}>
              {exit.evidence.documents.length
                ? exit.evidence.documents.map((d) => d.fileName).join('；')
                : p('none')}
            </td>
          </tr>
          {check && (
            <tr>
              <th>{p('incomeCheck')}</th>
              <td colSpan={3}>
                {check.explanation[labels.lang]}
                {check.months.length > 0 && (
                  <div style={{ fontSize: '9pt' }}>
                    {check.months
                      .map(
                        (m) =>
                          `${m.month} ${yuan(m.perCapitaFen)}/${m.lineFen === null ? '—' : yuan(m.lineFen)}`,
                      )
                      .join('；')}
                  </div>
                )}
              </td>
            </tr>
          )}
          <tr>
            <th>{p('verification')}</th>
            <td colSpan={3} className="ex-text">
              {v
                ? `${v.date} · ${labels.method(v.method)} · ${t('exits.toldWho')}${colon}${v.toldWho}\n${v.findings}`
                : ''}
              <div className="ex-sign">
                {p('signature')}
                {colon}
                {exit.verifiedByName ?? '__________'} {p('date')}
                {colon}
                {day(exit.verifiedAt) || '__________'}
              </div>
            </td>
          </tr>
          <tr>
            <th>{p('decision')}</th>
            <td colSpan={3} className="ex-text">
              {exit.decidedAt
                ? `${labels.status(exit.status)}${exit.decisionOpinion ? `：${exit.decisionOpinion}` : ''}${exit.effectiveOn ? `\n${t('exits.effectiveOn')}${colon}${exit.effectiveOn}` : ''}`
                : ''}
              <div className="ex-sign">
                {p('signature')}
                {colon}
                {exit.decidedByName ?? '__________'} {p('date')}
                {colon}
                {day(exit.decidedAt) || '__________'}
              </div>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
