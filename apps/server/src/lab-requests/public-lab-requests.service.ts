import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { localDateOf } from '@werkbank/access-core';
import {
  AuditAction,
  DomainRule,
  LabRequestState,
  SiteKind,
  type LabRequestReceipt,
  type LabRequestStatus,
  type PublicMobileLabs,
} from '@werkbank/contracts';
import { LabRequestEntity, LabRequestsRepository, SitesRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { assertRanges } from './date-ranges';
import { LabMailer, reference } from './lab-mailer';
import { statusView } from './lab-request-views';
import { AcceptProposalDto, CreateLabRequestDto } from './lab-requests.dto';
import { assertOpen, auditable, LabRequestsService } from './lab-requests.service';
import { FormTokens, SubmissionLimiter } from './public-form-guard';

const HOUR_MS = 3_600_000;
export const STATUS_PATH = '/request/status/';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The public side of mobile-lab requests (no login): the bookable labs with their booked days, the form,
 * the requester's status page with withdraw and accept-a-proposal. Abuse resistance without third parties:
 * a per-address hourly limit, a signed form token with a minimum fill time, a honeypot field, the body limit
 * of the route, and duplicates (same e-mail, lab and dates within the hour) answered without a second row.
 */
@Injectable()
export class PublicLabRequestsService {
  private readonly logger = new Logger(PublicLabRequestsService.name);
  /** Honeypot hits since start (logged; nothing stored). */
  honeypotHits = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: LabRequestsRepository,
    private readonly sites: SitesRepository,
    private readonly staffSide: LabRequestsService,
    private readonly audit: AuditService,
    private readonly mailer: LabMailer,
    private readonly tokens: FormTokens,
    private readonly limiter: SubmissionLimiter,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async mobileLabs(): Promise<PublicMobileLabs> {
    const now = this.clock.now();
    const today = localDateOf(now.getTime(), this.config.TIMEZONE);
    const labs = await this.sites.findMobile();
    return {
      labs: await Promise.all(
        labs.map(async (lab) => ({
          id: lab.id,
          name: lab.name,
          booked: (await this.sites.findDeploymentsFrom(lab.id, today)).map((d) => ({
            startsOn: d.startsOn,
            endsOn: d.endsOn,
          })),
        })),
      ),
      formToken: this.tokens.issue(now.getTime()),
      minFillSeconds: this.config.LAB_REQUEST_MIN_FILL_SECONDS,
    };
  }

  async submit(dto: CreateLabRequestDto, clientAddress: string, baseUrl: string): Promise<LabRequestReceipt> {
    const now = this.clock.now();
    this.limiter.take(clientAddress, now.getTime());
    this.tokens.verify(dto.formToken, now.getTime(), this.config.LAB_REQUEST_MIN_FILL_SECONDS * 1000);
    if (dto.website && dto.website.trim() !== '') {
      this.honeypotHits++;
      this.logger.warn(`honeypot filled: request not stored (${this.honeypotHits} since start)`);
      const fake = randomBytes(32).toString('base64url');
      return {
        reference: randomBytes(4).toString('hex').toUpperCase(),
        duplicate: false,
        statusToken: fake,
        statusPath: `${STATUS_PATH}${fake}`,
      };
    }
    const site = await this.sites.findByIdWithHours(dto.siteId);
    if (!site || site.kind !== SiteKind.Mobile)
      throw DomainError.invalid('siteId', 'is not a bookable mobile lab', DomainRule.NotBookable);
    assertRanges(dto.wishedDates, 'wishedDates', now, this.config.TIMEZONE);
    const wishedDates = dto.wishedDates.map((d) => ({ startsOn: d.startsOn, endsOn: d.endsOn }));
    const email = dto.email.trim();
    const dedupeKey = sha256(JSON.stringify([email.toLowerCase(), site.id, wishedDates]));
    const token = randomBytes(32).toString('base64url');
    const outcome = await this.dataSource.transaction(async (em) => {
      const earlier = await this.requests.findRecentDuplicate(
        dedupeKey,
        new Date(now.getTime() - HOUR_MS),
        em,
      );
      if (earlier) return { duplicate: earlier };
      const r = await this.requests.insert(
        {
          siteId: site.id,
          state: LabRequestState.New,
          institution: dto.institution.trim(),
          institutionType: dto.institutionType,
          contactName: dto.contactName.trim(),
          email,
          phone: dto.phone?.trim() || null,
          wishedDates,
          place: dto.place.trim(),
          municipalityKey: dto.municipalityKey,
          participants: dto.participants,
          topics: [...new Set(dto.topics)],
          topicsText: dto.topicsText?.trim() || null,
          message: dto.message?.trim() || null,
          language: dto.language ?? 'de',
          consentAt: now.toISOString(),
          statusTokenHash: sha256(token),
          dedupeKey,
          proposedDates: [],
          staffMessage: null,
          deploymentId: null,
        },
        em,
      );
      await this.audit.record(null, AuditAction.Create, 'lab_request', r.id, null, auditable(r), em);
      return { created: r };
    });
    if ('duplicate' in outcome && outcome.duplicate)
      return {
        reference: reference(outcome.duplicate),
        duplicate: true,
        statusToken: null,
        statusPath: null,
      };
    const r = outcome.created as LabRequestEntity;
    // Stored first; mails after the commit, never undoing it (LabMailer logs and counts failures).
    const base = this.config.PUBLIC_URL ?? baseUrl;
    void this.mailer.send(this.mailer.receiptToRequester(r, site.name, `${base}${STATUS_PATH}${token}`));
    void this.mailer.send(
      this.mailer.toStaff(r, site.name, `${base}/requests/${r.id}`, 'Neue Anfrage / new request'),
    );
    return {
      reference: reference(r),
      duplicate: false,
      statusToken: token,
      statusPath: `${STATUS_PATH}${token}`,
    };
  }

  async status(token: string): Promise<LabRequestStatus> {
    const r = await this.byToken(token);
    return statusView(r, await this.staffSide.labName(r.siteId), await this.staffSide.deploymentOf(r));
  }

  async withdraw(token: string, baseUrl: string): Promise<LabRequestStatus> {
    const r = await this.dataSource.transaction(async (em) => {
      const found = await this.byToken(token);
      const r = (await this.requests.findById(found.id, em)) ?? found;
      assertOpen(r);
      const before = auditable(r);
      r.state = LabRequestState.Withdrawn;
      await this.requests.save(r, em);
      await this.audit.record(null, AuditAction.Update, 'lab_request', r.id, before, auditable(r), em);
      return r;
    });
    return this.afterRequesterStep(r, baseUrl, 'Zurückgezogen / withdrawn');
  }

  async acceptProposal(token: string, dto: AcceptProposalDto, baseUrl: string): Promise<LabRequestStatus> {
    const r = await this.dataSource.transaction(async (em) => {
      const found = await this.byToken(token);
      const r = (await this.requests.findById(found.id, em)) ?? found;
      assertOpen(r, [LabRequestState.Proposed]);
      const range = r.proposedDates[dto.index];
      if (!range)
        throw DomainError.invalid(
          'index',
          `there are ${r.proposedDates.length} proposed dates`,
          DomainRule.NotFound,
        );
      assertRanges([range], 'proposedDates', this.clock.now(), this.config.TIMEZONE);
      const before = auditable(r);
      await this.staffSide.book(r, range, r.place, null, em);
      await this.audit.record(null, AuditAction.Accept, 'lab_request', r.id, before, auditable(r), em);
      return r;
    });
    return this.afterRequesterStep(r, baseUrl, 'Vorschlag angenommen / proposal accepted');
  }

  private async afterRequesterStep(
    r: LabRequestEntity,
    baseUrl: string,
    what: string,
  ): Promise<LabRequestStatus> {
    const name = await this.staffSide.labName(r.siteId);
    const base = this.config.PUBLIC_URL ?? baseUrl;
    void this.mailer.send(this.mailer.stateToRequester(r, name));
    void this.mailer.send(this.mailer.toStaff(r, name, `${base}/requests/${r.id}`, what));
    return statusView(r, name, await this.staffSide.deploymentOf(r));
  }

  /** Only the holder of the token reads a request: an unknown, malformed or guessed token is a plain 404. */
  private async byToken(token: string): Promise<LabRequestEntity> {
    const r = /^[A-Za-z0-9_-]{43}$/.test(token) ? await this.requests.findByTokenHash(sha256(token)) : null;
    if (!r) throw DomainError.notFound('Lab request', 'with this link');
    return r;
  }
}
