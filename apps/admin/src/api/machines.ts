// Machines, their types, and the force-off command.
import { useQuery } from '@tanstack/react-query';
import type { MachineState } from '@werkbank/contracts';
import { api } from './client';
import { useApiMutation, type Callbacks } from './mutations';
import type { Machine, MachineType, Page } from './types';

export const machineKeys = {
  all: ['machines'] as const,
  /** Every machine of one site ('' for all sites). */
  allOf: (siteId: string) => [...machineKeys.all, 'all', siteId] as const,
};

export const machineTypeKeys = {
  all: ['machine-types'] as const,
  list: () => [...machineTypeKeys.all, 'list'] as const,
};

export function useMachineTypes() {
  return useQuery({
    queryKey: machineTypeKeys.list(),
    queryFn: () => api.get<MachineType[]>('/machine-types'),
    staleTime: 60_000,
  });
}

/** All machines (a lab has dozens, a region a few hundred: two pages of 200 at most in practice). */
export function useAllMachines(siteId?: string) {
  return useQuery({
    queryKey: machineKeys.allOf(siteId ?? ''),
    queryFn: async () => {
      const items: Machine[] = [];
      for (let page = 1; page <= 10; page++) {
        const res = await api.get<Page<Machine>>('/machines', { siteId, page, pageSize: 200 });
        items.push(...res.items);
        if (items.length >= res.total || res.items.length === 0) break;
      }
      return items;
    },
    staleTime: 30_000,
  });
}

export interface MachineInput {
  name: string;
  siteId: string;
  machineTypeId: string;
  needsSupervision: boolean;
  minimumAge?: number;
}

export function useCreateMachine(callbacks?: Callbacks<Machine, MachineInput>) {
  return useApiMutation({
    mutationFn: (input: MachineInput) => api.post<Machine>('/machines', input),
    invalidates: [machineKeys.all],
    ...callbacks,
  });
}

/** The state for everyone who may change it; the rules only for machine admins. */
export type MachinePatch = { state: MachineState; stateReason: string | null } & Partial<
  Pick<
    Machine,
    | 'needsSupervision'
    | 'minimumAge'
    | 'maxSessionMinutes'
    | 'allowTakeover'
    | 'idlePowerWatts'
    | 'idleMinutes'
  >
>;

export function useUpdateMachine(id: string, callbacks?: Callbacks<Machine, MachinePatch>) {
  return useApiMutation({
    mutationFn: (patch: MachinePatch) => api.patch<Machine>(`/machines/${id}`, patch),
    invalidates: [machineKeys.all],
    ...callbacks,
  });
}

/** Switch a machine off now, ending its session; `cutUnderPrint` also stops a running print. */
export function useForceOff(machineId: string, callbacks?: Callbacks<unknown, { cutUnderPrint: boolean }>) {
  return useApiMutation({
    mutationFn: ({ cutUnderPrint }: { cutUnderPrint: boolean }) =>
      api.post(`/machines/${machineId}/force-off`, cutUnderPrint ? { cutUnderPrint: true } : {}),
    ...callbacks,
  });
}

export interface MachineTypeInput {
  name: string;
  description?: string;
}

export function useCreateMachineType(callbacks?: Callbacks<MachineType, MachineTypeInput>) {
  return useApiMutation({
    mutationFn: (input: MachineTypeInput) => api.post<MachineType>('/machine-types', input),
    invalidates: [machineTypeKeys.all],
    ...callbacks,
  });
}
