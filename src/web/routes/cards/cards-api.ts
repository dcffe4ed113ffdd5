import type {
  CardActionRequest,
  CardLookupResult,
  HouseholdCardsView,
} from '../../../shared/cards/worker-card';
import { api, withQuery } from '../../api/client';

/** Typed calls behind the worker card screens (职工卡). */
export const cardsApi = {
  ofHousehold: (householdId: number) =>
    api.get<HouseholdCardsView>(`/api/households/${householdId}/cards`),
  issue: (householdId: number, reason: string) =>
    api.post<HouseholdCardsView>(`/api/households/${householdId}/cards`, { reason }),
  act: (cardId: number, request: CardActionRequest) =>
    api.post<HouseholdCardsView>(`/api/cards/${cardId}/actions`, request),
  lookup: (cardNo: string) => api.get<CardLookupResult>(withQuery('/api/cards/lookup', { cardNo })),
};
