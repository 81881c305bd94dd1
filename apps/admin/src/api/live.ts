// The live board's data: machine states from the access runtime, server health, and the demo reader tap.
import { useMutation, useQuery } from '@tanstack/react-query';
import type { MachineLiveState } from '@werkbank/contracts';
import { api } from './client';

export const liveKeys = {
  machines: (siteId: string) => ['live', 'machines', siteId] as const,
  health: ['health'] as const,
};

export function useLiveMachines(siteId: string) {
  return useQuery({
    queryKey: liveKeys.machines(siteId),
    queryFn: () => api.get<MachineLiveState[]>('/live/machines', { siteId }),
    enabled: !!siteId,
    retry: false,
  });
}

/** Polled: device states on the board are the last ones reported, so the page says when the broker is lost. */
export function useHealth() {
  return useQuery({
    queryKey: liveKeys.health,
    queryFn: () => api.get<{ mqtt?: boolean }>('/health'),
    refetchInterval: 15_000,
    retry: false,
  });
}

/** Demo mode only: present a card at one of the simulator's readers. */
export function useDemoTap() {
  return useMutation({
    mutationFn: (tap: { deviceId: string; uid: string }) => api.post('/demo/tap', tap),
  });
}
