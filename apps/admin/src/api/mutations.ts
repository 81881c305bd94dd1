import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';

/** What a page adds to a resource hook's own success handling (which updates the cache first, then calls this). */
export interface Callbacks<T, V = void> {
  onSuccess?(data: T, variables: V): void;
  onError?(error: Error, variables: V): void;
}

interface ApiMutation<T, V> extends Callbacks<T, V> {
  mutationFn(variables: V): Promise<T>;
  /** Queries that the change makes stale; awaited before `onSuccess`, so the page shows fresh data. */
  invalidates?: readonly QueryKey[] | ((data: T, variables: V) => readonly QueryKey[]);
  /** Writes the answer straight into the cache (a detail the server returned whole). */
  update?(client: QueryClient, data: T, variables: V): void;
}

/** A mutation that keeps its resource's cache in step: every resource module builds its hooks on it. */
export function useApiMutation<T, V = void>({
  mutationFn,
  invalidates,
  update,
  onSuccess,
  onError,
}: ApiMutation<T, V>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (data: T, variables: V) => {
      update?.(client, data, variables);
      const keys = typeof invalidates === 'function' ? invalidates(data, variables) : (invalidates ?? []);
      await Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
      onSuccess?.(data, variables);
    },
    onError,
  });
}
