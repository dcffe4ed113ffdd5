import {
  reportChangeLabels,
  type ReportChange,
  type ReportItemsPage,
  type ReportPending,
  type ReportSubmission,
} from '../../../shared/reports/report';
import { api } from '../../api/client';
import { useLocale } from '../../i18n';

/** Typed calls behind 逐级上报. */

export type { ReportChange, ReportItemsPage, ReportPending, ReportSubmission };
export type SubmissionPage = { items: ReportSubmission[]; nextBefore: number | null };

export const reportsApi = {
  pending: () => api.get<ReportPending>('/api/reports/pending'),
  submit: (note: string | null) => api.post<ReportSubmission>('/api/reports', { note }),
  list: (before: number | null) =>
    api.get<SubmissionPage>('/api/reports', { limit: 50, before: before ?? undefined }),
  get: (id: number, change: ReportChange | undefined, after: number | null) =>
    api.get<ReportItemsPage>(`/api/reports/${id}`, {
      change,
      after: after ?? undefined,
      limit: 100,
    }),
  export: (id: number) => api.download(`/api/reports/${id}/export`, `report-${id}.xlsx`),
};

export function useReportChangeLabel() {
  const lang = useLocale() === 'zh-CN' ? 'zh' : 'en';
  return (c: ReportChange) => reportChangeLabels[c][lang];
}

export const reportChangeColors: Record<ReportChange, string> = {
  new: 'green',
  changed: 'blue',
  exited: 'orange',
};
