import type { AccessDecision } from '@werkbank/access-core';
import { DENY_REASON_TEXT, type DenyReason } from '@werkbank/contracts';
import type { FeedbackCommand } from '@werkbank/device-protocol';

export type DeviceLanguage = 'de' | 'en';

/** What an entrance reader says after a card it accepted. */
export type EntranceOutcome = 'on_duty' | 'off_duty' | 'welcome' | 'already_checked_in';

/** Short texts for reader displays (a few characters wide): de and en, chosen by DEVICE_LANGUAGE. */
const TEXTS = {
  granted: { de: 'Freigegeben', en: 'Access granted' },
  granted_until_booking: { de: 'Frei bis zur Reservierung', en: 'Until the next booking' },
  signed_off: { de: 'Abgemeldet', en: 'Signed off' },
  on_duty: { de: 'Aufsicht anwesend', en: 'On duty' },
  off_duty: { de: 'Aufsicht abgemeldet', en: 'Off duty' },
  welcome: { de: 'Willkommen', en: 'Welcome' },
  already_checked_in: { de: 'Schon eingecheckt', en: 'Already checked in' },
  attendance_recorded: { de: 'Teilnahme erfasst', en: 'Attendance recorded' },
  ask_at_desk: { de: 'Bitte am Empfang melden', en: 'Please ask at the desk' },
} as const satisfies Record<string, Record<DeviceLanguage, string>>;

export function denialFeedback(reason: DenyReason, lang: DeviceLanguage): FeedbackCommand {
  return { result: 'denied', reason, text: DENY_REASON_TEXT[reason][lang] };
}

/** The reader's answer to a machine tap. */
export function machineTapFeedback(decision: AccessDecision, lang: DeviceLanguage): FeedbackCommand {
  if (decision.outcome === 'denied') return denialFeedback(decision.reason, lang);
  const text =
    decision.outcome === 'tap_out'
      ? TEXTS.signed_off
      : decision.cappedByBooking
        ? TEXTS.granted_until_booking
        : TEXTS.granted;
  return { result: 'allowed', reason: null, text: text[lang] };
}

export function entranceFeedback(outcome: EntranceOutcome, lang: DeviceLanguage): FeedbackCommand {
  return { result: 'allowed', reason: null, text: TEXTS[outcome][lang] };
}

/** An event reader ticked the member at the event open now. */
export function attendanceFeedback(lang: DeviceLanguage): FeedbackCommand {
  return { result: 'allowed', reason: null, text: TEXTS.attendance_recorded[lang] };
}

/** Something failed on our side (logged): the person goes to the desk, where staff can tick them by hand. */
export function deskFeedback(lang: DeviceLanguage): FeedbackCommand {
  return { result: 'denied', reason: null, text: TEXTS.ask_at_desk[lang] };
}
