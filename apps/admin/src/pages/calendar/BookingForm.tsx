import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DENY_REASON_TEXT, DomainRule, type DenyReason } from '@werkbank/contracts';
import { useCreateBooking } from '../../api/bookings';
import { ApiError } from '../../api/client';
import type { Machine, MemberListItem } from '../../api/types';
import { DateInput, INVALID_DATE } from '../../components/DateInput';
import { MemberPicker } from '../../components/MemberPicker';
import { SelectField, TextField } from '../../components/fields';
import { FormCard, useSavedThen } from '../../components/forms';
import { Field } from '../../components/ui';
import { fullName, useFormat } from '../../lib/format';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Booking a machine of the site for a member; the server's refusals are worded at their field. */
export function BookingForm({ machines, day, onDone }: { machines: Machine[]; day: string; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [machineId, setMachineId] = useState(machines[0]?.id ?? '');
  const [member, setMember] = useState<MemberListItem | null>(null);
  const [date, setDate] = useState(day);
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('12:00');
  const save = useCreateBooking(useSavedThen(() => t('calendar.bookingSaved'), onDone));
  const lang = i18n.language.startsWith('de') ? 'de' : 'en';
  const problem = (field: string): string | undefined => {
    if (!(save.error instanceof ApiError)) return undefined;
    const p = save.error.details.find((d) => d.field === field);
    if (!p) return undefined;
    const params = p.params ?? {};
    switch (p.rule) {
      case DomainRule.NotBefore:
        return t('calendar.problems.inPast');
      case DomainRule.SlotOrder:
        return t('calendar.problems.slotOrder');
      case DomainRule.OpeningHours:
        return t('calendar.problems.openingHours');
      case DomainRule.NotQualified:
        return t('calendar.problems.notQualified', {
          reason: DENY_REASON_TEXT[params.reason as DenyReason]?.[lang] ?? String(params.reason),
        });
      case DomainRule.BookingOverlap:
        return t('calendar.problems.overlap', {
          from: f.dateTime(String(params.startsAt)),
          to: f.timeShort(String(params.endsAt)),
        });
      default:
        return save.error.problemOf(field);
    }
  };
  const ready = machineId && member && date && date !== INVALID_DATE && HHMM.test(start) && HHMM.test(end);
  return (
    <FormCard
      title={t('calendar.book')}
      save={save}
      disabled={!ready}
      onCancel={onDone}
      onSubmit={() =>
        member &&
        save.mutate({
          machineId,
          memberId: member.id,
          // The browser's clock is the lab's; the server stores instants.
          startsAt: new Date(`${date}T${start}`).toISOString(),
          endsAt: new Date(`${date}T${end}`).toISOString(),
        })
      }
    >
      <div className="grid-2">
        <SelectField
          label={t('calendar.machine')}
          error={problem('machineId')}
          value={machineId}
          onChange={setMachineId}
          options={machines.map((m) => ({ value: m.id, label: m.name }))}
        />
        <Field label={t('calendar.member')} error={problem('memberId')} required>
          {member ? (
            <p>
              {t('calendar.memberChosen', { name: fullName(member) })}{' '}
              <button type="button" onClick={() => setMember(null)}>
                {t('calendar.changeMember')}
              </button>
            </p>
          ) : (
            <MemberPicker
              label={t('calendar.searchMember')}
              selectedIds={[]}
              onPick={setMember}
              pickLabel={(name) => t('calendar.pickMember', { name })}
            />
          )}
        </Field>
        <Field label={t('calendar.date')} error={problem('startsAt')} required>
          <DateInput value={date} onChange={setDate} />
        </Field>
        <TextField
          required
          label={t('calendar.start')}
          hint="HH:MM"
          value={start}
          onChange={setStart}
          inputMode="numeric"
          maxLength={5}
        />
        <TextField
          required
          label={t('calendar.end')}
          hint="HH:MM"
          error={problem('endsAt')}
          value={end}
          onChange={setEnd}
          inputMode="numeric"
          maxLength={5}
        />
      </div>
    </FormCard>
  );
}
