// The audit log: who changed what, filtered by entity.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { AuditEntry, Page } from './types';

export interface AuditParams {
  entityType: string;
  entityId: string;
  page?: number;
  pageSize: number;
  order?: 'asc' | 'desc';
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (params: AuditParams) => [...auditKeys.all, 'list', params] as const,
};

export function useAuditLog(params: AuditParams, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: auditKeys.list(params),
    queryFn: () => api.get<Page<AuditEntry>>('/audit', { ...params }),
    enabled,
    placeholderData: keepPreviousData,
  });
}
