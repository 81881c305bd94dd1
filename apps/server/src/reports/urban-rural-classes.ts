import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { MunicipalityClassesRepository } from '@werkbank/persistence';
import { urbanRuralOf, type UrbanRural, type UrbanRuralTable } from '@werkbank/reports';

/**
 * M14's urban/rural classes: the table an admin imported (UrbanRuralImport), held in memory — a few thousand
 * keys — for the roll-up and the reports.
 */
@Injectable()
export class UrbanRuralClasses implements OnApplicationBootstrap {
  private table: UrbanRuralTable = new Map();

  constructor(private readonly repository: MunicipalityClassesRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  /** The class of a home municipality key, or "not stated". */
  readonly classOf = (municipalityKey: string | null | undefined): string =>
    urbanRuralOf(municipalityKey, this.table);

  entries(): [string, UrbanRural][] {
    return [...this.table];
  }

  /** After an import committed (the table is the stored one again). */
  use(table: UrbanRuralTable): void {
    this.table = table;
  }

  async reload(): Promise<void> {
    const rows = await this.repository.all();
    this.table = new Map(rows.map((r) => [r.key, r.urbanRural as UrbanRural]));
  }
}
