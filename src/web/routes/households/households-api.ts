import type { FieldChange } from '../../../shared/audit/audit-event';
import type { Dictionary, DictionaryCode } from '../../../shared/households/dictionaries';
import type {
  AssessmentReason,
  HouseholdFile,
  HouseholdQuery,
  HouseholdSummary,
  RevealableField,
  StoredAssessment,
} from '../../../shared/households/household-file';
import type { HardshipCategory } from '../../../shared/households/policy';
import { api, withQuery } from '../../api/client';

/** Typed calls behind the household list, the file page and the print page. */

export type { HouseholdFile, HouseholdSummary, StoredAssessment };

/** The list's filters as the query string carries them (the list URL and the API's). */
export type HouseholdFilter = Partial<
  Record<Exclude<keyof HouseholdQuery, 'limit' | 'after' | 'nodeId'>, string | undefined> & {
    nodeId: number | undefined;
  }
>;

export type HouseholdPage = { items: HouseholdSummary[]; nextCursor: string | null };

/** A row of GET /api/households/:id/assessments (no trace: open one for it). */
export type AssessmentListItem = Omit<StoredAssessment, 'result' | 'reason'> & {
  reason: AssessmentReason | string;
};

/** A record of GET /api/households/:id/history. */
export type HistoryItem = {
  id: number;
  at: string;
  action: string;
  actor: string | null;
  details: Record<string, unknown> | null;
  changes: FieldChange[];
};
export type HistoryPage = { items: HistoryItem[]; nextBefore: number | null };

export type RevealAnswer = {
  field: RevealableField;
  memberId: number | null;
  value: string | null;
};

/** POST /api/households/:id/assess answers the file again, with a problem if it could not assess. */
export type SavedFile = HouseholdFile & { assessmentProblem: string | null };

export const householdsApi = {
  list: (filter: HouseholdFilter, after: string | null, limit: number) =>
    api.get<HouseholdPage>('/api/households', { ...filter, after: after ?? undefined, limit }),
  export: (filter: HouseholdFilter) =>
    api.download(withQuery('/api/households/export', filter), 'households.xlsx'),
  get: (id: number) => api.get<HouseholdFile>(`/api/households/${id}`),
  reassess: (id: number) => api.post<SavedFile>(`/api/households/${id}/assess`),
  assessments: (id: number) => api.get<AssessmentListItem[]>(`/api/households/${id}/assessments`),
  assessment: (id: number, assessmentId: number) =>
    api.get<StoredAssessment>(`/api/households/${id}/assessments/${assessmentId}`),
  history: (id: number, before: number | null) =>
    api.get<HistoryPage>(`/api/households/${id}/history`, { before: before ?? undefined }),
  reveal: (
    id: number,
    request: { field: RevealableField; memberId?: number | undefined; reason: string },
  ) => api.post<RevealAnswer>(`/api/households/${id}/reveal`, request),
  dictionaries: () => api.get<Dictionary[]>('/api/dictionaries'),
};

/** The list filter's category: a hardship category or "not eligible". */
export type CategoryFilter = HardshipCategory | 'not_eligible';

export type { Dictionary, DictionaryCode };
