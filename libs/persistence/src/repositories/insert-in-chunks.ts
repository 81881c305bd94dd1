import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** SQLite allows 32 766 bound parameters per statement (PostgreSQL 65 535): chunks stay well below. */
const MAX_PARAMETERS = 30_000;
/** Rows per statement: 1 300-row statements were no faster to build or run, and raised peak RSS by ~30 MB. */
const MAX_ROWS = 100;

/**
 * Inserts rows as multi-row INSERT statements, sized to the parameter limit, without reading generated values
 * back: the rows must carry their ids (and anything else the caller needs to know).
 */
export async function insertInChunks<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = em.getRepository(target).metadata.columns.length;
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns)));
  for (let i = 0; i < rows.length; i += size) {
    await em
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + size))
      .updateEntity(false)
      .execute();
  }
}
