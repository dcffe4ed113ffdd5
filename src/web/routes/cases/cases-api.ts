import type {
  CaseAction,
  CaseActionRequest,
  CaseEvent,
  CaseStatus,
  CaseView,
  Inbox,
  RegistrationStep,
} from '../../../shared/cases/registration';
import {
  caseActionLabels,
  caseEventLabels,
  caseStatusLabels,
  registrationStepLabels,
} from '../../../shared/cases/registration';
import { api } from '../../api/client';
import { useLocale } from '../../i18n';

/** Typed calls behind the case panel (建档流程) and the inbox (待办: cases and review tasks). */

export type {
  CaseAction,
  CaseActionRequest,
  CaseInboxItem,
  CaseStatus,
  CaseView,
  Inbox,
  InboxItem,
  RegistrationStep,
  ReviewInboxItem,
} from '../../../shared/cases/registration';

export const casesApi = {
  get: (householdId: number) => api.get<CaseView>(`/api/households/${householdId}/case`),
  act: (householdId: number, request: CaseActionRequest) =>
    api.post<CaseView>(`/api/households/${householdId}/case/actions`, request),
  inbox: () => api.get<Inbox>('/api/inbox'),
};

/** The workflow's codes in the current language (the labels live beside the state machine). */
export function useCaseLabels() {
  const lang = useLocale() === 'zh-CN' ? 'zh' : 'en';
  return {
    step: (step: RegistrationStep) => registrationStepLabels[step][lang],
    status: (status: CaseStatus) => caseStatusLabels[status][lang],
    action: (action: CaseAction | CaseEvent) =>
      (action in caseActionLabels
        ? caseActionLabels[action as CaseAction]
        : caseEventLabels[action as CaseEvent])[lang],
  };
}
export type CaseLabels = ReturnType<typeof useCaseLabels>;

/** The colour of a case status's tag. */
export const caseStatusColors: Record<CaseStatus, string> = {
  draft: 'default',
  in_review: 'processing',
  returned: 'warning',
  registered: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

/** 草稿 / 审核中·初审 / 已退回: the case status a file shows until it is registered. */
export function caseStatusText(labels: CaseLabels, status: CaseStatus, step: RegistrationStep) {
  return status === 'in_review'
    ? `${labels.status(status)}·${labels.step(step)}`
    : labels.status(status);
}
