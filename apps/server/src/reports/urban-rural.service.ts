import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditAction, DomainRule, ErrorCode, type UrbanRuralSummary } from '@werkbank/contracts';
import { MunicipalityClassesRepository } from '@werkbank/persistence';
import { NOT_STATED, parseClassification, type UrbanRural } from '@werkbank/reports';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../common/auth.decorators';
import { csvRecords } from '../common/csv-records';
import { DomainError } from '../common/domain-error';
import { UrbanRuralClasses } from './urban-rural-classes';

/**
 * Imports M14's urban/rural classification from a CSV file and says what it covers. Replacing it marks the days
 * of members with a home key, so their cells follow at the next roll-up; the distinct counts read the class at
 * report time and follow at once.
 */
@Injectable()
export class UrbanRuralImport {
  constructor(
    private readonly classes: UrbanRuralClasses,
    private readonly repository: MunicipalityClassesRepository,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async summary(): Promise<UrbanRuralSummary> {
    const homes = await this.repository.homes();
    const classes = this.classes.entries();
    return {
      districts: classes.filter(([k]) => k.length === 5).length,
      municipalities: classes.filter(([k]) => k.length === 8).length,
      urban: classes.filter(([, c]) => c === 'urban').length,
      rural: classes.filter(([, c]) => c === 'rural').length,
      membersWithHome: homes.reduce((sum, h) => sum + h.members, 0),
      membersClassified: homes
        .filter((h) => this.classes.classOf(h.key) !== NOT_STATED)
        .reduce((sum, h) => sum + h.members, 0),
    };
  }

  /** Replaces the table with a CSV file's; one bad line rejects the file (400 naming every line). */
  async replace(actor: StaffPrincipal, csv: string): Promise<UrbanRuralSummary> {
    const records = csvRecords(csv);
    const { table, problems } = parseClassification(records);
    if (problems.length > 0)
      throw new DomainError(
        ErrorCode.ImportInvalid,
        `The classification has ${problems.length} bad line(s); nothing was changed.`,
        problems.slice(0, 100).map((p) => ({
          field: `line ${p.line}`,
          problem: p.problem,
          rule: DomainRule.Format,
        })),
      );
    await this.store(actor, table);
    return this.summary();
  }

  async clear(actor: StaffPrincipal): Promise<void> {
    await this.store(actor, new Map());
  }

  private async store(actor: StaffPrincipal, table: Map<string, UrbanRural>): Promise<void> {
    const before = { entries: this.classes.entries().length };
    await this.dataSource.transaction(async (em) => {
      await this.repository.replace(
        [...table].map(([key, urbanRural]) => ({ key, urbanRural })),
        em,
      );
      await this.audit.record(
        actor,
        AuditAction.Import,
        'urban_rural_classes',
        null,
        before,
        {
          entries: table.size,
        },
        em,
      );
    });
    this.classes.use(table);
  }
}
