import { useSearchParams } from 'react-router';

/**
 * Filters that live in the URL (back/forward and shared links keep them). `update` sets each key of the patch,
 * clears it when empty, and goes back to the first page unless the patch names a page.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const page = Number(params.get('page') ?? '1') || 1;
  return { params, update, page, setPage: (p: number) => update({ page: String(p) }) };
}
