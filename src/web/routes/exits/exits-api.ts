import type { ExitsOverview } from '../../../server/exits/exits.service';
import type { AfterExitView } from '../../../server/exits/follow-ups.service';
import {
  exitActionLabels,
  exitKindLabels,
  exitStatusLabels,
  reasonLabel,
  verificationMethodLabels,
  type ExitAction,
  type ExitActionRequest,
  type ExitKind,
  type ExitProposalInput,
  type ExitQueueItem,
  type ExitStatus,
  type ExitView,
  type VerificationMethod,
} from '../../../shared/exits/exits';
import {
  followUpKindLabels,
  relapseSignalLabels,
  type FollowUpKind,
  type FollowUpPlanItem,
  type FollowUpRecord,
  type FollowUpView,
  type RelapseFlagView,
  type RelapseSignal,
  type RelapseWatchItem,
} from '../../../shared/exits/follow-ups';
import type { MonthlyIncomesRequest, MonthlyIncomesView } from '../../../shared/exits/income-rule';
import type { HouseholdDocumentList } from '../../../shared/households/documents';
import { api } from '../../api/client';
import { useLocale } from '../../i18n';

/** Typed calls behind the 退出与回访 tab and the exit, follow-up and relapse screens. */

export type {
  AfterExitView,
  ExitAction,
  ExitKind,
  ExitQueueItem,
  ExitStatus,
  ExitView,
  ExitsOverview,
  FollowUpPlanItem,
  FollowUpView,
  MonthlyIncomesView,
  RelapseFlagView,
  RelapseWatchItem,
};

const h = (id: number) => `/api/households/${id}`;

export const exitsApi = {
  incomes: (id: number) => api.get<MonthlyIncomesView>(`${h(id)}/monthly-incomes`),
  recordIncomes: (id: number, body: MonthlyIncomesRequest) =>
    api.put<MonthlyIncomesView>(`${h(id)}/monthly-incomes`, body),
  exits: (id: number) => api.get<ExitsOverview>(`${h(id)}/exits`),
  propose: (id: number, body: ExitProposalInput) => api.post<ExitView>(`${h(id)}/exits`, body),
  act: (id: number, body: ExitActionRequest) => api.post<ExitView>(`${h(id)}/exits/actions`, body),
  afterExit: (id: number) => api.get<AfterExitView>(`${h(id)}/after-exit`),
  recordFollowUp: (id: number, body: FollowUpRecord) =>
    api.post<FollowUpView>(`${h(id)}/follow-ups`, body),
  dismissFlag: (id: number, body: { flagId: number; reason: string }) =>
    api.post<RelapseFlagView>(`${h(id)}/relapse-flags/dismiss`, body),
  readmit: (id: number, reason: string) =>
    api.post<{ householdId: number }>(`${h(id)}/readmit`, { reason }),
  documents: (id: number) => api.get<HouseholdDocumentList>(`${h(id)}/documents`),
  waiting: () => api.get<ExitQueueItem[]>('/api/exits'),
  followUpPlan: () => api.get<FollowUpPlanItem[]>('/api/follow-ups'),
  relapseWatch: () => api.get<RelapseWatchItem[]>('/api/relapse-flags'),
};

/** The exit codes in the current language (the labels live beside the rules). */
export function useExitLabels() {
  const lang: 'zh' | 'en' = useLocale() === 'zh-CN' ? 'zh' : 'en';
  return {
    lang,
    kind: (k: ExitKind) => exitKindLabels[k][lang],
    reason: (k: ExitKind, code: string) => reasonLabel(k, code)[lang],
    status: (s: ExitStatus) => exitStatusLabels[s][lang],
    action: (a: ExitAction) => exitActionLabels[a][lang],
    method: (m: VerificationMethod) => verificationMethodLabels[m][lang],
    followUpKind: (k: FollowUpKind) => followUpKindLabels[k][lang],
    signal: (s: RelapseSignal) => relapseSignalLabels[s][lang],
  };
}
export type ExitLabels = ReturnType<typeof useExitLabels>;

export const exitStatusColors: Record<ExitStatus, string> = {
  proposed: 'processing',
  verified: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};
