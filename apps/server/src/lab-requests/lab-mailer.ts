import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { LabRequestState } from '@werkbank/contracts';
import type { LabRequestEntity } from '@werkbank/persistence';
import { AppConfig } from '../config/app-config';
import { redactUrl } from '../config/redact';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

type Lang = 'de' | 'en';

const STATE_TEXT: Record<Lang, Record<LabRequestState, string>> = {
  de: {
    [LabRequestState.New]: 'eingegangen',
    [LabRequestState.Proposed]: 'andere Termine vorgeschlagen',
    [LabRequestState.Accepted]: 'angenommen',
    [LabRequestState.Declined]: 'abgelehnt',
    [LabRequestState.Withdrawn]: 'zurückgezogen',
  },
  en: {
    [LabRequestState.New]: 'received',
    [LabRequestState.Proposed]: 'other dates proposed',
    [LabRequestState.Accepted]: 'accepted',
    [LabRequestState.Declined]: 'declined',
    [LabRequestState.Withdrawn]: 'withdrawn',
  },
};

const days = (r: LabRequestEntity, which: 'wishedDates' | 'proposedDates'): string =>
  r[which].map((d) => (d.startsOn === d.endsOn ? d.startsOn : `${d.startsOn} – ${d.endsOn}`)).join(', ');

/**
 * Mails about mobile-lab requests through SMTP_URL (nodemailer). Without SMTP nothing is sent and nothing
 * fails: the status link is on the confirmation page and the request in the staff inbox. Mails go out after
 * the request is committed and never hold up or undo it; a failure is logged and counted (`failed`).
 */
@Injectable()
export class LabMailer implements OnModuleDestroy {
  private readonly logger = new Logger(LabMailer.name);
  private readonly transport: Transporter | null;
  sent = 0;
  failed = 0;

  constructor(private readonly config: AppConfig) {
    this.transport = config.SMTP_URL ? createTransport(config.SMTP_URL) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  /** Fire and forget: resolves when done, never rejects. */
  async send(mail: Mail): Promise<void> {
    if (!this.transport || mail.to.length === 0) return;
    try {
      await this.transport.sendMail({ from: this.config.SMTP_FROM, ...mail, to: mail.to.join(', ') });
      this.sent++;
    } catch (error) {
      this.failed++;
      this.logger.error(
        { err: error, smtp: redactUrl(this.config.SMTP_URL ?? ''), failed: this.failed },
        `sending the mail "${mail.subject}" failed (${this.failed} failed since start); the request is stored`,
      );
    }
  }

  /** To the requester, right after the request is stored: the status link (the only place it is sent). */
  receiptToRequester(r: LabRequestEntity, labName: string, statusUrl: string): Mail {
    const de = r.language !== 'en';
    return {
      to: [r.email],
      subject: de
        ? `Ihre Anfrage für ${labName} (${reference(r)})`
        : `Your request for ${labName} (${reference(r)})`,
      text: de
        ? `Guten Tag ${r.contactName},\n\nwir haben Ihre Anfrage für ${labName} erhalten (Termine: ${days(r, 'wishedDates')}, ` +
          `Ort: ${r.place}).\n\nDen Stand sehen Sie jederzeit unter diesem Link (bitte nicht weitergeben):\n${statusUrl}\n\n` +
          `Wir melden uns bei Ihnen.\n`
        : `Hello ${r.contactName},\n\nwe received your request for ${labName} (dates: ${days(r, 'wishedDates')}, ` +
          `place: ${r.place}).\n\nSee its status at any time with this link (keep it to yourself):\n${statusUrl}\n\n` +
          `We will be in touch.\n`,
    };
  }

  /** To the requester when staff (or they themselves) changed the state. */
  stateToRequester(r: LabRequestEntity, labName: string): Mail {
    const lang: Lang = r.language === 'en' ? 'en' : 'de';
    const state = STATE_TEXT[lang][r.state];
    const lines = [
      lang === 'de' ? `Guten Tag ${r.contactName},` : `Hello ${r.contactName},`,
      '',
      lang === 'de'
        ? `Ihre Anfrage ${reference(r)} für ${labName}: ${state}.`
        : `Your request ${reference(r)} for ${labName}: ${state}.`,
    ];
    if (r.state === LabRequestState.Proposed)
      lines.push(
        lang === 'de'
          ? `Vorgeschlagene Termine: ${days(r, 'proposedDates')}. Sie können einen davon auf Ihrer Statusseite annehmen.`
          : `Proposed dates: ${days(r, 'proposedDates')}. You can accept one of them on your status page.`,
      );
    if (r.staffMessage) lines.push('', r.staffMessage);
    lines.push(
      '',
      lang === 'de'
        ? 'Den Stand sehen Sie über den Link aus unserer ersten Mail.'
        : 'See the status through the link in our first mail.',
    );
    return {
      to: [r.email],
      subject:
        lang === 'de' ? `Ihre Anfrage ${reference(r)}: ${state}` : `Your request ${reference(r)}: ${state}`,
      text: `${lines.join('\n')}\n`,
    };
  }

  /** To the staff (LAB_REQUESTS_NOTIFY): a new request, or a step the requester took. */
  toStaff(r: LabRequestEntity, labName: string, inboxUrl: string, what: string): Mail {
    return {
      to: this.config.labRequestNotify,
      subject: `[Werkbank] ${labName}: ${what} (${reference(r)}, ${r.institution})`,
      text:
        `${what}: ${r.institution} (${r.institutionType}), ${r.contactName} <${r.email}>\n` +
        `Termine/dates: ${days(r, 'wishedDates')}\nOrt/place: ${r.place} (AGS ${r.municipalityKey}), ` +
        `${r.participants} participants\nStatus: ${r.state}\n\n${inboxUrl}\n`,
    };
  }
}

/** The short reference a requester quotes: the first eight characters of the id. */
export function reference(r: { id: string }): string {
  return r.id.slice(0, 8).toUpperCase();
}
