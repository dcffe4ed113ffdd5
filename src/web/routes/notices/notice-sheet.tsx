import type { NoticeBatchView } from '../../../shared/notices/notice-sheet';
import { useNoticeCardsText } from './use-notice-cards-text';

/** The A4 notice sheet as posted in the unit, on screen and on paper (print CSS below). */
export const noticeSheetCss = `
.nc-sheet { width: 186mm; max-width: 100%; margin: 0 auto; padding: 12mm; background: #fff; color: #000;
  font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 11pt; line-height: 1.6;
  box-shadow: 0 1px 6px rgba(0,0,0,.12); box-sizing: border-box; }
.nc-sheet h1 { text-align: center; font-size: 20pt; letter-spacing: 4pt; margin: 0 0 2mm; font-weight: bold; }
.nc-sheet .nc-sub { text-align: center; margin-bottom: 4mm; }
.nc-sheet .nc-intro { text-indent: 2em; margin: 0 0 3mm; }
.nc-sheet table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.nc-sheet th, .nc-sheet td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: center; word-break: break-all; }
.nc-sheet th { background: #f0f0f0; font-weight: bold; }
.nc-sheet td.nc-left { text-align: left; }
.nc-sheet .nc-note { text-indent: 2em; margin-top: 4mm; }
.nc-sheet .nc-foot { text-align: right; margin-top: 8mm; line-height: 2; }
@page { size: A4 portrait; margin: 15mm 12mm; }
@media print {
  .bf-header, .bf-sider, .bf-navbar, .bf-footer, .nc-screen-only,
  .ant-message, .ant-notification { display: none !important; }
  html, body, .bf-shell, .bf-main, .ant-layout { background: #fff !important; }
  .bf-content { padding: 0 !important; margin: 0 !important; }
  .nc-sheet { box-shadow: none; padding: 0; width: auto; }
  .nc-sheet th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .nc-sheet tr { page-break-inside: avoid; }
}
`;

export function NoticeSheet({ batch }: { batch: NoticeBatchView }) {
  const p = useNoticeCardsText('notices');
  return (
    <div className="nc-sheet" data-testid="notice-sheet">
      <style>{noticeSheetCss}</style>
      <h1>{p('heading')}</h1>
      <div className="nc-sub">{batch.title}</div>
      <p className="nc-intro">{p('intro')}</p>
      <p className="nc-intro">
        {p('period')}：
        {p('periodText', { start: batch.startsOn, end: batch.endsOn, days: batch.workingDays })}
      </p>
      <table>
        <colgroup>
          <col style={{ width: '10%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '40%' }} />
          <col style={{ width: '14%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>{p('no')}</th>
            <th>{p('headName')}</th>
            <th>{p('category')}</th>
            <th>{p('unit')}</th>
            <th>{p('memberCount')}</th>
          </tr>
        </thead>
        <tbody>
          {batch.rows.map((r) => (
            <tr key={r.householdId}>
              <td>{r.no}</td>
              <td data-testid="notice-sheet-name">{r.headNameMasked}</td>
              <td>{r.categoryLabel}</td>
              <td className="nc-left">{r.unit}</td>
              <td>{r.memberCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="nc-note">
        {p('objectionNote', { unit: batch.unitName, phone: batch.contactPhone ?? '' })}
      </p>
      <div className="nc-foot">
        <div>{batch.issuedBy}</div>
        <div>{p('issuedOn', { date: batch.issuedOn })}</div>
      </div>
    </div>
  );
}
