import type {
  CreateNoticeBatchInput,
  CreateObjectionInput,
  EligibleApplication,
  NoticeBatchSummary,
  NoticeBatchView,
  ResolveObjectionInput,
} from '../../../shared/notices/notice-sheet';
import type { HouseholdNoticeView, BatchDefaults } from '../../../server/notices/notices.service';
import { api, withQuery } from '../../api/client';

/** Typed calls behind the public notice screens (公示). */
export const noticesApi = {
  list: () => api.get<NoticeBatchSummary[]>('/api/notice-batches'),
  eligible: (nodeId: number) =>
    api.get<{ applications: EligibleApplication[]; defaults: BatchDefaults }>(
      withQuery('/api/notice-batches/eligible', { nodeId }),
    ),
  create: (input: CreateNoticeBatchInput) =>
    api.post<NoticeBatchView>('/api/notice-batches', input),
  get: (id: number) => api.get<NoticeBatchView>(`/api/notice-batches/${id}`),
  exportUrl: (id: number) => `/api/notice-batches/${id}/export`,
  addObjection: (batchId: number, input: CreateObjectionInput) =>
    api.post<NoticeBatchView>(`/api/notice-batches/${batchId}/objections`, input),
  resolveObjection: (objectionId: number, input: ResolveObjectionInput) =>
    api.post<NoticeBatchView>(`/api/notice-objections/${objectionId}/resolve`, input),
  ofHousehold: (householdId: number) =>
    api.get<HouseholdNoticeView>(`/api/households/${householdId}/notice`),
};

export type { EligibleApplication, NoticeBatchSummary, NoticeBatchView };
