import { Injectable } from '@nestjs/common';
import type { ExportCell, MemberDataExport, MemberDataSectionKey } from '@werkbank/contracts/api';
import { MemberDataRepository } from '@werkbank/persistence';
import { DomainError } from '../../common/domain-error';
import { MEMBER_DATA_SPEC } from './member-data-sections';

type Row = Record<string, ExportCell>;

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/**
 * Gathers everything the installation holds about one member (GDPR Art. 15) through the repositories: rows
 * that name the member by id, and the pseudonymous activity rows under their key. Names of the places and
 * things the rows point at are resolved; secrets (the card hash, password hashes) are never read out.
 */
@Injectable()
export class MemberDataCollector {
  constructor(private readonly data: MemberDataRepository) {}

  async collect(memberId: string, now: Date): Promise<MemberDataExport> {
    const member = await this.data.member(memberId);
    if (!member) throw DomainError.notFound('member', memberId);
    const key = member.memberKey;
    const [cards, trainings, bookings, registrations, visits, sessions, taps, hours, staff] =
      await Promise.all([
        this.data.cards(member.id),
        this.data.trainings(member.id),
        this.data.bookings(member.id),
        this.data.registrations(member.id),
        this.data.visits(key),
        this.data.sessions(key),
        this.data.accessEvents(key),
        this.data.volunteerHours(member.id),
        this.data.staffAccounts(member.id),
      ]);
    const incidents = await this.data.incidentsReportedBy(staff.map((s) => s.id));
    const names = await this.data.names({
      sites: [
        ...(member.homeSiteId ? [member.homeSiteId] : []),
        ...bookings.map((b) => b.siteId),
        ...visits.map((v) => v.siteId),
        ...sessions.map((s) => s.siteId),
        ...taps.flatMap((t) => (t.siteId ? [t.siteId] : [])),
        ...hours.map((h) => h.siteId),
      ],
      machines: [
        ...bookings.map((b) => b.machineId),
        ...sessions.map((s) => s.machineId),
        ...taps.flatMap((t) => (t.machineId ? [t.machineId] : [])),
        ...incidents.map((i) => i.machineId),
      ],
      qualifications: trainings.map((t) => t.qualificationId),
      events: registrations.map((r) => r.eventId),
      staff: trainings.map((t) => t.trainerId),
    });
    const site = (id: string | null) => (id ? (names.sites.get(id) ?? id) : null);
    const machine = (id: string | null) => (id ? (names.machines.get(id) ?? id) : null);

    const rows: Record<MemberDataSectionKey, Row[]> = {
      identity: [
        {
          firstName: member.firstName,
          lastName: member.lastName,
          email: member.email,
          phone: member.phone,
          status: member.status,
          guestValidFrom: member.guestValidFrom,
          guestValidUntil: member.guestValidUntil,
          homeSite: site(member.homeSiteId),
          ageBand: member.ageBand,
          gender: member.gender,
          occupation: member.occupation,
          homeMunicipalityKey: member.homeMunicipalityKey,
          isMinor: member.isMinor,
          birthDate: member.birthDate,
          notes: member.notes,
          memberKey: member.memberKey,
          createdAt: iso(member.createdAt),
          updatedAt: iso(member.updatedAt),
        },
      ],
      cards: cards.map((card) => ({
        technology: card.technology,
        uidSuffix: card.uidSuffix,
        uidStored: 'HMAC-SHA256',
        label: card.label,
        blocked: card.blocked,
        blockedReason: card.blockedReason,
        blockedAt: iso(card.blockedAt),
        createdAt: iso(card.createdAt),
      })),
      trainings: trainings.map((t) => ({
        qualification: names.qualifications.get(t.qualificationId) ?? t.qualificationId,
        action: t.action,
        level: t.level,
        trainedOn: t.trainedOn,
        expiresOn: t.expiresOn,
        trainer: names.staff.get(t.trainerId) ?? null,
        contentVersion: t.contentVersion,
        comment: t.comment,
        recordedAt: iso(t.recordedAt),
      })),
      bookings: bookings.map((b) => ({
        machine: machine(b.machineId),
        site: site(b.siteId),
        startsAt: iso(b.startsAt),
        endsAt: iso(b.endsAt),
        status: b.status,
        note: b.note,
      })),
      eventRegistrations: registrations.map((r) => ({
        event: names.events.get(r.eventId)?.title ?? r.eventId,
        eventStartsAt: iso(names.events.get(r.eventId)?.startsAt),
        status: r.status,
        count: r.count,
        attended: r.attended,
        attendedAt: iso(r.attendedAt),
        createdAt: iso(r.createdAt),
      })),
      visits: visits.map((v) => ({ at: iso(v.at), site: site(v.siteId), source: v.source })),
      machineSessions: sessions.map((s) => ({
        machine: machine(s.machineId),
        site: site(s.siteId),
        startedAt: iso(s.startedAt),
        endedAt: iso(s.endedAt),
        endReason: s.endReason,
      })),
      accessEvents: taps.map((t) => ({
        at: iso(t.at),
        machine: machine(t.machineId),
        site: site(t.siteId),
        cardSuffix: t.cardSuffix,
        outcome: t.outcome,
        reason: t.reason,
      })),
      volunteerHours: hours.map((h) => ({
        date: h.date,
        site: site(h.siteId),
        hours: h.quarterHours / 4,
        activity: h.activity,
      })),
      incidentsReported: incidents.map((i) => ({
        createdAt: iso(i.createdAt),
        machine: machine(i.machineId),
        severity: i.severity,
        kind: i.kind,
        text: i.text,
        status: i.status,
      })),
      consent:
        member.guardianConsentOn || member.guardianName
          ? [{ guardianConsentOn: member.guardianConsentOn, guardianName: member.guardianName }]
          : [],
    };
    const sections = Object.fromEntries(
      (Object.keys(MEMBER_DATA_SPEC) as MemberDataSectionKey[]).map((k) => [
        k,
        { title: MEMBER_DATA_SPEC[k].title, items: rows[k] },
      ]),
    ) as MemberDataExport['sections'];
    return {
      kind: 'werkbank.member-data-export',
      version: 1,
      generatedAt: now.toISOString(),
      member: { id: member.id, memberKey: member.memberKey },
      sections,
    };
  }
}
