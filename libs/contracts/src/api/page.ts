import { Count, Strict, Type, type TSchema } from './schema';

/** A page of a list with offset paging (`page`, `pageSize`), as `Page<T>` in pagination.ts. */
export function PageOf<T extends TSchema>(item: T) {
  return Strict({
    items: Type.Array(item),
    total: Count(),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
  });
}
