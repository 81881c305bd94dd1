import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { ErrorCode, MAX_PAGE_SIZE } from '@werkbank/contracts';
import { PageQueryDto } from './pagination.dto';
import { DomainError } from './domain-error';
import { createValidationPipe } from './validation';

/** Every *.dto.ts under apps/server/src, loaded so their decorators register. */
function allDtoClasses(): Function[] {
  const root = join(__dirname, '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.dto.ts')) files.push(join(dir, entry.name));
    }
  };
  walk(root);
  return (
    files
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading every DTO module by path
      .flatMap((file) => Object.values(require(file) as Record<string, unknown>))
      .filter((v): v is Function => typeof v === 'function')
  );
}

describe('validation pipe', () => {
  it('can validate synchronously: no DTO uses an async rule (validateSync would skip it)', () => {
    const storage = getMetadataStorage();
    const classes = allDtoClasses();
    expect(classes.length).toBeGreaterThan(20);
    const asyncRules = classes.flatMap((cls) =>
      storage
        .getTargetValidationMetadatas(cls, '', true, false)
        .filter(
          (m) =>
            m.constraintCls && storage.getTargetValidatorConstraints(m.constraintCls).some((c) => c.async),
        )
        .map((m) => `${cls.name}.${m.propertyName}`),
    );
    expect(asyncRules).toEqual([]);
  });

  it('rejects bad and unknown query fields with every problem, and converts good ones', async () => {
    const pipe = createValidationPipe();
    const meta: ArgumentMetadata = { type: 'query', metatype: PageQueryDto };
    const ok = (await pipe.transform({ page: '3', pageSize: '20' }, meta)) as PageQueryDto;
    expect(ok).toMatchObject({ page: 3, pageSize: 20 });
    const error = await Promise.resolve(pipe.transform({ page: '0', shoeSize: '44' }, meta)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.ValidationFailed);
    expect((error as DomainError).details?.map((d) => d.field).sort()).toEqual(['page', 'shoeSize']);
  });

  it('names the failed rule of each problem, with the bound where the wording needs it', async () => {
    const pipe = createValidationPipe();
    const meta: ArgumentMetadata = { type: 'query', metatype: PageQueryDto };
    const error = (await Promise.resolve(
      pipe.transform({ page: '0', pageSize: '500', shoeSize: '44' }, meta),
    ).catch((e: unknown) => e)) as DomainError;
    const byField = Object.fromEntries((error.details ?? []).map((d) => [d.field, d]));
    expect(byField.page).toMatchObject({ rule: 'min', params: { limit: 1 } });
    expect(byField.pageSize).toMatchObject({ rule: 'max', params: { limit: MAX_PAGE_SIZE } });
    expect(byField.shoeSize).toMatchObject({ rule: 'whitelistValidation' });
    expect(byField.shoeSize.params).toBeUndefined();
  });
});
