import type {
  CloseReviewRoundInput,
  HouseholdReviewItem,
  KeepReviewTaskInput,
  OpenedReviewRound,
  OpenReviewRoundInput,
  ReviewProgress,
  ReviewRound,
  ReviewTaskPage,
  ReviewTaskStatus,
  ReviewTaskView,
} from '../../../shared/reviews/review-round';
import { reviewTaskStatusLabels } from '../../../shared/reviews/review-round';
import type { ExitProposalInput } from '../../../shared/exits/exits';
import { api } from '../../api/client';
import { useLocale } from '../../i18n';

/** Typed calls behind the annual review screens (年度复核). */

export type TaskFilter = {
  nodeId?: number;
  status?: ReviewTaskStatus;
  inSample?: boolean;
  needsReapplication?: boolean;
  limit: number;
  offset: number;
};

export const reviewsApi = {
  rounds: () => api.get<ReviewRound[]>('/api/review-rounds'),
  round: (id: number) => api.get<ReviewRound>(`/api/review-rounds/${id}`),
  open: (input: OpenReviewRoundInput) => api.post<OpenedReviewRound>('/api/review-rounds', input),
  close: (id: number, input: Partial<CloseReviewRoundInput>) =>
    api.post<ReviewRound>(`/api/review-rounds/${id}/close`, input),
  progress: (id: number, nodeId?: number) =>
    api.get<ReviewProgress>(`/api/review-rounds/${id}/progress`, nodeId ? { nodeId } : {}),
  tasks: (id: number, filter: TaskFilter) =>
    api.get<ReviewTaskPage>(`/api/review-rounds/${id}/tasks`, {
      ...filter,
      ...(filter.inSample === undefined ? {} : { inSample: String(filter.inSample) }),
      ...(filter.needsReapplication === undefined
        ? {}
        : { needsReapplication: String(filter.needsReapplication) }),
    }),
  ofHousehold: (householdId: number) =>
    api.get<HouseholdReviewItem[]>(`/api/households/${householdId}/reviews`),
  task: (id: number) => api.get<ReviewTaskView>(`/api/review-tasks/${id}`),
  keep: (id: number, input: KeepReviewTaskInput) =>
    api.post<{ taskId: number; status: ReviewTaskStatus; assessmentId: number }>(
      `/api/review-tasks/${id}/keep`,
      input,
    ),
  exit: (id: number, input: Omit<ExitProposalInput, 'documentIds'>) =>
    api.post<{ taskId: number; status: ReviewTaskStatus; exitId: number }>(
      `/api/review-tasks/${id}/exit`,
      input,
    ),
};

export function useReviewLabels() {
  const lang = useLocale() === 'zh-CN' ? 'zh' : 'en';
  return { taskStatus: (s: ReviewTaskStatus) => reviewTaskStatusLabels[s][lang] };
}

export const taskStatusColors: Record<ReviewTaskStatus, string> = {
  pending: 'processing',
  kept: 'success',
  exit_proposed: 'warning',
};

/** 12 / 40 (30%) */
export function share(done: number, of: number): string {
  return of === 0 ? '—' : `${Math.round((done / of) * 100)}%`;
}
