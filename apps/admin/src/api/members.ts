// Members: the searchable list, one member, the form's save, status, deletion and the CSV import.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MemberStatus } from '@werkbank/contracts';
import { api, uploadCsv } from './client';
import { auditKeys } from './audit';
import { useApiMutation, type Callbacks } from './mutations';
import type { ImportReport, Member, MemberInput, MemberListItem, Page } from './types';

export interface MemberListParams {
  term: string;
  status: string;
  sort: string;
  order: 'asc' | 'desc';
  page: number;
}

export const memberKeys = {
  all: ['members'] as const,
  lists: () => [...memberKeys.all, 'list'] as const,
  list: (params: MemberListParams) => [...memberKeys.lists(), params] as const,
  /** The picker's search as you type (a few names, not a page). */
  pick: (term: string) => [...memberKeys.all, 'pick', term] as const,
  detail: (id: string) => [...memberKeys.all, 'detail', id] as const,
};

export function useMemberList({ pageSize, ...params }: MemberListParams & { pageSize: number }) {
  return useQuery({
    queryKey: memberKeys.list(params),
    queryFn: () =>
      api.get<Page<MemberListItem>>('/members', {
        q: params.term,
        status: params.status,
        sort: params.sort,
        order: params.order,
        page: params.page,
        pageSize,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useMemberPick(term: string) {
  return useQuery({
    queryKey: memberKeys.pick(term),
    queryFn: () => api.get<Page<MemberListItem>>('/members', { q: term, pageSize: 8 }),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** One member; `id` null or empty waits (a form for a new member, a page without a preselection). */
export function useMember(id: string | null | undefined) {
  return useQuery({
    queryKey: memberKeys.detail(id ?? ''),
    queryFn: () => api.get<Member>(`/members/${id}`),
    enabled: !!id,
  });
}

/** Creates a member, or changes member `id`. */
export function useSaveMember(id: string | undefined, callbacks?: Callbacks<Member, MemberInput>) {
  return useApiMutation({
    mutationFn: (input: MemberInput) =>
      id ? api.patch<Member>(`/members/${id}`, input) : api.post<Member>('/members', input),
    invalidates: [memberKeys.all],
    ...callbacks,
  });
}

export function useSetMemberStatus(id: string, callbacks?: Callbacks<Member, MemberStatus>) {
  return useApiMutation({
    mutationFn: (status: MemberStatus) => api.patch<Member>(`/members/${id}`, { status }),
    update: (client, member) => client.setQueryData(memberKeys.detail(id), member),
    invalidates: [memberKeys.lists(), auditKeys.all],
    ...callbacks,
  });
}

export function useDeleteMember(id: string, callbacks?: Callbacks<void>) {
  return useApiMutation({
    mutationFn: () => api.delete(`/members/${id}`),
    invalidates: [memberKeys.all],
    ...callbacks,
  });
}

/** The CSV import: a dry run checks the file, a real run imports it (and makes the member lists stale). */
export function useImportMembers() {
  const client = useQueryClient();
  return async (file: Blob, dryRun: boolean, onProgress: (fraction: number) => void) => {
    const report = await uploadCsv<ImportReport>(`/members/import?dryRun=${dryRun}`, file, onProgress);
    if (!dryRun) await client.invalidateQueries({ queryKey: memberKeys.all });
    return report;
  };
}
