// A member's cards: list, add, block/unblock, remove. Each change is audited, so the audit views go stale.
import { useQuery } from '@tanstack/react-query';
import type { CardTechnology } from '@werkbank/contracts';
import { api } from './client';
import { auditKeys } from './audit';
import { useApiMutation, type Callbacks } from './mutations';
import type { Card } from './types';
import { filledIn } from '../lib/format';

export const cardKeys = {
  all: ['cards'] as const,
  ofMember: (memberId: string) => [...cardKeys.all, 'member', memberId] as const,
};

export function useMemberCards(memberId: string) {
  return useQuery({
    queryKey: cardKeys.ofMember(memberId),
    queryFn: () => api.get<Card[]>(`/members/${memberId}/cards`),
  });
}

export interface CardInput {
  uid: string;
  technology: CardTechnology;
  label?: string;
}

/** What staff say of a new card besides its UID; the label is optional ("blue key fob"). */
export interface CardDetails {
  technology: CardTechnology;
  label: string;
}

export function cardInput(uid: string, { technology, label }: CardDetails): CardInput {
  return { uid, technology, ...filledIn({ label }) };
}

/** Adds a card to a member; the member comes with the call (the enrollment page picks one late). */
export function useAddCard(callbacks?: Callbacks<Card, CardInput & { memberId: string }>) {
  return useApiMutation({
    mutationFn: ({ memberId, ...input }: CardInput & { memberId: string }) =>
      api.post<Card>(`/members/${memberId}/cards`, input),
    invalidates: (_card, { memberId }) => [cardKeys.ofMember(memberId), auditKeys.all],
    ...callbacks,
  });
}

export function useToggleCardBlock(memberId: string, callbacks?: Callbacks<Card, Card>) {
  return useApiMutation({
    mutationFn: (card: Card) => api.post<Card>(`/cards/${card.id}/${card.blocked ? 'unblock' : 'block'}`),
    invalidates: [cardKeys.ofMember(memberId), auditKeys.all],
    ...callbacks,
  });
}

export function useRemoveCard(memberId: string, callbacks?: Callbacks<void, Card>) {
  return useApiMutation({
    mutationFn: (card: Card) => api.delete(`/cards/${card.id}`),
    invalidates: [cardKeys.ofMember(memberId), auditKeys.all],
    ...callbacks,
  });
}
