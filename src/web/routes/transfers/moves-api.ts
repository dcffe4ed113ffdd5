import type { HouseholdFile } from '../../../shared/households/household-file';
import type { TemporaryRelief } from '../../../shared/households/temporary-relief';
import type { HouseholdFileInput } from '../../../shared/households/household-file';
import {
  transferActionLabels,
  transferReasonLabels,
  transferStatusLabels,
  type TransferAction,
  type TransferReason,
  type TransferStatus,
  type TransferTargetNode,
  type TransferView,
} from '../../../shared/transfers/transfer';
import { api } from '../../api/client';
import { useLocale } from '../../i18n';

/** Typed calls behind temporary-relief files and transfers (转移). */

export type { TransferAction, TransferReason, TransferStatus, TransferTargetNode, TransferView };
type SavedFile = HouseholdFile & { assessmentProblem: string | null };
export type TransferPage = { items: TransferView[]; nextBefore: number | null };

export const movesApi = {
  createTemporary: (file: HouseholdFileInput, temporary: TemporaryRelief) =>
    api.post<SavedFile>('/api/households/temporary', { file, temporary }),
  convert: (householdId: number, version: number) =>
    api.post<SavedFile>(`/api/households/${householdId}/temporary/convert`, { version }),
  close: (householdId: number, version: number, reason: string) =>
    api.post<SavedFile>(`/api/households/${householdId}/temporary/close`, { version, reason }),
  targetNode: (code: string) => api.get<TransferTargetNode>('/api/transfers/target-node', { code }),
  request: (
    householdId: number,
    body: { toNodeCode: string; reason: TransferReason; note: string | null },
  ) => api.post<TransferView>(`/api/households/${householdId}/transfers`, body),
  ofHousehold: (householdId: number) =>
    api.get<TransferView[]>(`/api/households/${householdId}/transfers`),
  list: (direction: 'outgoing' | 'incoming', status: 'open' | 'all') =>
    api.get<TransferPage>('/api/transfers', { direction, status, limit: 200 }),
  act: (id: number, body: { action: TransferAction; version: number; opinion: string | null }) =>
    api.post<TransferView>(`/api/transfers/${id}/actions`, body),
};

/** The transfer codes in the current language (the labels live beside the state machine). */
export function useTransferLabels() {
  const lang = useLocale() === 'zh-CN' ? 'zh' : 'en';
  return {
    reason: (r: TransferReason) => transferReasonLabels[r][lang],
    status: (s: TransferStatus) => transferStatusLabels[s][lang],
    action: (a: TransferAction) => transferActionLabels[a][lang],
  };
}

export const transferStatusColors: Record<TransferStatus, string> = {
  requested: 'processing',
  released: 'warning',
  completed: 'success',
  rejected: 'error',
  cancelled: 'default',
};
