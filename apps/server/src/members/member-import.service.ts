import type { ImportReport as ContractImportReport } from '@werkbank/contracts';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditAction, DomainRule, ErrorCode, FieldProblem } from '@werkbank/contracts';
import { MemberEntity, MembersRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { Clock, CLOCK } from '../common/clock';
import { csvRecords } from '../common/csv-records';
import { DomainError } from '../common/domain-error';
import { fieldProblems } from '../common/validation';
import { CreateMemberDto } from './members.dto';
import { MembersService } from './members.service';

/** Spreadsheet headers we accept, English and German, mapped to member fields. */
const HEADER_ALIASES: Record<string, keyof CreateMemberDto> = {
  firstname: 'firstName',
  vorname: 'firstName',
  lastname: 'lastName',
  nachname: 'lastName',
  name: 'lastName',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  phone: 'phone',
  telefon: 'phone',
  status: 'status',
  guestvalidfrom: 'guestValidFrom',
  gastab: 'guestValidFrom',
  guestvaliduntil: 'guestValidUntil',
  gastbis: 'guestValidUntil',
  ageband: 'ageBand',
  altersgruppe: 'ageBand',
  gender: 'gender',
  geschlecht: 'gender',
  occupation: 'occupation',
  taetigkeit: 'occupation',
  tätigkeit: 'occupation',
  homemunicipalitykey: 'homeMunicipalityKey',
  gemeindeschluessel: 'homeMunicipalityKey',
  ags: 'homeMunicipalityKey',
  isminor: 'isMinor',
  minderjaehrig: 'isMinor',
  minderjährig: 'isMinor',
  birthdate: 'birthDate',
  geburtsdatum: 'birthDate',
  guardianconsenton: 'guardianConsentOn',
  einwilligungam: 'guardianConsentOn',
  guardianname: 'guardianName',
  sorgeberechtigte: 'guardianName',
  notes: 'notes',
  notizen: 'notes',
  bemerkung: 'notes',
};
const BOOLEAN_FIELDS = new Set<keyof CreateMemberDto>(['isMinor']);
const TRUE = new Set(['1', 'true', 'yes', 'ja', 'x']);
const FALSE = new Set(['0', 'false', 'no', 'nein', '']);
export const MAX_IMPORT_ROWS = 20_000;

/** The contract shape (libs/contracts/src/api). */
export type ImportReport = ContractImportReport;

@Injectable()
export class MemberImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
    private readonly service: MembersService,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(actor: StaffPrincipal, csv: string, dryRun: boolean): Promise<ImportReport> {
    const { built, errors, rows } = await this.check(csv);
    if (dryRun) return { dryRun, rows, valid: built.length, imported: 0, errors };
    if (errors.length > 0) {
      throw new DomainError(
        ErrorCode.ImportInvalid,
        `${errors.length} problems in the file; nothing was imported. Fix them and try again.`,
        errors,
      );
    }
    await this.dataSource.transaction(async (em) => {
      await this.members.insertMany(built, em, this.clock.now());
      const changes = built.map((m) => ({ entityId: m.id, before: null, after: m }));
      await this.audit.recordMany(actor, AuditAction.Import, 'member', changes, em);
    });
    await this.changes.emit('members', { ids: built.map((m) => m.id) });
    return { dryRun, rows, valid: built.length, imported: built.length, errors: [] };
  }

  private async check(csv: string): Promise<{ built: MemberEntity[]; errors: FieldProblem[]; rows: number }> {
    const records = csvRecords(csv);
    if (records.length < 2)
      throw new DomainError(ErrorCode.ImportInvalid, 'The file needs a header line and at least one member.');
    if (records.length - 1 > MAX_IMPORT_ROWS) {
      throw new DomainError(
        ErrorCode.ImportInvalid,
        `At most ${MAX_IMPORT_ROWS} members per file; split the file.`,
      );
    }
    const header = records[0].map((h) => HEADER_ALIASES[h.toLowerCase().replace(/[\s_]/g, '')]);
    const errors: FieldProblem[] = records[0]
      .map((h, i): FieldProblem | null =>
        header[i]
          ? null
          : {
              field: `line 1:${h || `column ${i + 1}`}`,
              problem: 'unknown column (see docs for accepted headers)',
              rule: DomainRule.UnknownColumn,
            },
      )
      .filter((e): e is FieldProblem => e !== null);
    if (!header.includes('firstName') || !header.includes('lastName')) {
      errors.push({
        field: 'line 1',
        problem: 'columns firstName/Vorname and lastName/Nachname are required',
        rule: DomainRule.RequiredColumns,
      });
      return { built: [], errors, rows: records.length - 1 };
    }
    const built: { line: number; member: MemberEntity }[] = [];
    const emails = new Map<string, number>();
    for (let r = 1; r < records.length; r++) {
      const line = r + 1;
      const raw: Record<string, unknown> = {};
      records[r].forEach((value, i) => {
        const field = header[i];
        if (!field) return;
        if (BOOLEAN_FIELDS.has(field)) {
          const v = value.toLowerCase();
          raw[field] = TRUE.has(v) ? true : FALSE.has(v) ? false : value;
        } else if (value !== '') raw[field] = value;
      });
      const dto = plainToInstance(CreateMemberDto, raw);
      const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
      if (problems.length > 0) {
        for (const p of fieldProblems(problems)) errors.push({ ...p, field: `line ${line}:${p.field}` });
        continue;
      }
      try {
        const member = this.service.build(dto);
        member.id = randomUUID();
        if (member.email) {
          const first = emails.get(member.email);
          if (first) {
            errors.push({
              field: `line ${line}:email`,
              problem: `same e-mail as line ${first}`,
              rule: DomainRule.SameInFile,
              params: { line: first },
            });
            continue;
          }
          emails.set(member.email, line);
        }
        built.push({ line, member });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        for (const d of error.details ?? [{ field: '', problem: error.message }])
          errors.push({ ...d, field: `line ${line}:${d.field}` });
      }
    }
    const known = emails.size > 0 ? await this.members.findUsedEmails([...emails.keys()]) : [];
    for (const email of known)
      errors.push({
        field: `line ${emails.get(email)}:email`,
        problem: 'a member with this e-mail exists already',
        rule: DomainRule.AlreadyUsed,
      });
    errors.sort((a, b) => lineOf(a) - lineOf(b));
    const bad = new Set(errors.map(lineOf));
    return {
      built: built.filter((b) => !bad.has(b.line)).map((b) => b.member),
      errors,
      rows: records.length - 1,
    };
  }
}

function lineOf(p: FieldProblem): number {
  const m = /^line (\d+)/.exec(p.field);
  return m ? Number(m[1]) : 0;
}
