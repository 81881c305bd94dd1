import { Inject, Injectable } from '@nestjs/common';
import { AuditAction } from '@werkbank/contracts';
import type { MemberDataExport } from '@werkbank/contracts/api';
import { AuditService } from '../../audit/audit.service';
import { StaffPrincipal } from '../../common/auth.decorators';
import { Clock, CLOCK } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { MemberDataCollector } from './member-data-collector';
import { memberDataPdf } from './member-data-pdf';

/**
 * A member's data export (GDPR Art. 15). Reading raw records of a person is itself audited: the audit entry
 * says who exported whose data when and in which format, and is written before the data leaves the server.
 * It names the member by id only, so an erasure later scrubs it like every other entry about the member.
 */
@Injectable()
export class MemberDataExportService {
  constructor(
    private readonly collector: MemberDataCollector,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async json(actor: StaffPrincipal, memberId: string): Promise<MemberDataExport> {
    const data = await this.collector.collect(memberId, this.clock.now());
    await this.recordAccess(actor, memberId, 'json', null);
    return data;
  }

  async pdf(actor: StaffPrincipal, memberId: string, lang: 'de' | 'en'): Promise<Buffer> {
    const data = await this.collector.collect(memberId, this.clock.now());
    await this.recordAccess(actor, memberId, 'pdf', lang);
    return memberDataPdf(data, lang, this.config.TIMEZONE);
  }

  private recordAccess(
    actor: StaffPrincipal,
    memberId: string,
    format: 'json' | 'pdf',
    lang: string | null,
  ): Promise<void> {
    return this.audit.record(actor, AuditAction.Export, 'member', memberId, null, {
      dataExport: 'gdpr-art-15',
      format,
      ...(lang ? { lang } : {}),
    });
  }
}
