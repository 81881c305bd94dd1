import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EventFormat, SeriesFrequency, TargetGroup } from '@werkbank/contracts';
import { useCreateEvent, useCreateSeries, usePartners } from '../../api/events';
import type { Site } from '../../api/types';
import { DateInput, INVALID_DATE } from '../../components/DateInput';
import { CheckboxField, NumberField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { FormCard, problemsOf, useSavedThen } from '../../components/forms';
import { Field } from '../../components/ui';
import { todayIso } from '../../lib/format';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A single event, or (series) a recurring one with its rule; partners and target groups as checkboxes. */
export function EventForm({ sites, series, onDone }: { sites: Site[]; series: boolean; onDone(): void }) {
  const { t } = useTranslation();
  const partners = usePartners();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [format, setFormat] = useState<EventFormat>(
    series ? EventFormat.OpenWorkshop : EventFormat.WorkshopCourse,
  );
  const [siteId, setSiteId] = useState(sites[0]?.id ?? '');
  const [date, setDate] = useState(todayIso(7));
  const [startTime, setStartTime] = useState('18:00');
  const [endTime, setEndTime] = useState('20:00');
  const [capacity, setCapacity] = useState('');
  const [partnerIds, setPartnerIds] = useState<string[]>([]);
  const [groups, setGroups] = useState<TargetGroup[]>([]);
  const [isPublic, setPublic] = useState(true);
  const [frequency, setFrequency] = useState<SeriesFrequency>(SeriesFrequency.Weekly);
  const [until, setUntil] = useState('');
  const [count, setCount] = useState('8');
  const saved = useSavedThen((x: { title: string }) => x.title, onDone);
  const createEvent = useCreateEvent(saved);
  const createSeries = useCreateSeries(saved);
  const save = series ? createSeries : createEvent;
  const problem = problemsOf(save.error);
  const toggle = <T,>(list: T[], value: T, on: boolean) =>
    on ? [...list, value] : list.filter((v) => v !== value);
  const ready =
    title.trim() && siteId && date && date !== INVALID_DATE && HHMM.test(startTime) && HHMM.test(endTime);
  const template = {
    title: title.trim(),
    ...(description.trim() ? { description: description.trim() } : {}),
    format,
    siteId,
    capacity: capacity ? Number(capacity) : null,
    partnerIds,
    targetGroups: groups,
    public: isPublic,
  };
  return (
    <FormCard
      title={series ? t('events.newSeries') : t('events.newEvent')}
      save={save}
      disabled={!ready}
      onCancel={onDone}
      onSubmit={() => {
        if (series)
          createSeries.mutate({
            ...template,
            frequency,
            startDate: date,
            startTime,
            endTime,
            ...(until && until !== INVALID_DATE ? { until } : count ? { count: Number(count) } : {}),
          });
        else
          // The browser's clock is the lab's (Europe/Berlin); the server stores instants.
          createEvent.mutate({
            ...template,
            startsAt: new Date(`${date}T${startTime}`).toISOString(),
            endsAt: new Date(`${date}T${endTime}`).toISOString(),
          });
      }}
    >
      <div className="grid-2">
        <TextField
          required
          label={t('events.name')}
          error={problem('title')}
          value={title}
          onChange={setTitle}
          maxLength={200}
        />
        <SelectField
          label={t('events.format')}
          value={format}
          onChange={(v) => setFormat(v as EventFormat)}
          options={Object.values(EventFormat).map((f) => ({ value: f, label: t(`events.formats.${f}`) }))}
        />
        <SelectField
          label={t('sites.site')}
          error={problem('siteId')}
          value={siteId}
          onChange={setSiteId}
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Field
          label={series ? t('events.firstDate') : t('events.date')}
          error={problem(series ? 'startDate' : 'startsAt')}
          required
        >
          <DateInput value={date} onChange={setDate} />
        </Field>
        <TextField
          required
          label={t('events.startTime')}
          hint="HH:MM"
          error={problem('startTime')}
          value={startTime}
          onChange={setStartTime}
          inputMode="numeric"
          maxLength={5}
        />
        <TextField
          required
          label={t('events.endTime')}
          hint="HH:MM"
          error={problem('endTime') ?? problem('endsAt')}
          value={endTime}
          onChange={setEndTime}
          inputMode="numeric"
          maxLength={5}
        />
        <NumberField
          label={t('events.capacity')}
          hint={t('events.capacityHint')}
          error={problem('capacity')}
          value={capacity}
          onChange={setCapacity}
          min={1}
        />
        {series && (
          <>
            <SelectField
              label={t('events.frequency')}
              value={frequency}
              onChange={(v) => setFrequency(v as SeriesFrequency)}
              options={Object.values(SeriesFrequency).map((f) => ({
                value: f,
                label: t(`events.frequencies.${f}`),
              }))}
            />
            <Field label={t('events.until')} hint={t('events.seriesEndHint')} error={problem('until')}>
              <DateInput value={until} onChange={setUntil} />
            </Field>
            <NumberField
              label={t('events.count')}
              error={problem('count')}
              value={until ? '' : count}
              onChange={setCount}
              disabled={!!until}
              min={1}
              max={200}
            />
          </>
        )}
      </div>
      <TextAreaField
        label={t('events.description')}
        value={description}
        onChange={setDescription}
        maxLength={5000}
      />
      <fieldset>
        <legend>{t('events.targetGroups')}</legend>
        <div className="checkbox-grid">
          {Object.values(TargetGroup).map((g) => (
            <CheckboxField
              key={g}
              label={t(`events.groups.${g}`)}
              checked={groups.includes(g)}
              onChange={(on) => setGroups(toggle(groups, g, on))}
            />
          ))}
        </div>
      </fieldset>
      {(partners.data ?? []).length > 0 && (
        <fieldset>
          <legend>{t('events.partners')}</legend>
          <div className="checkbox-grid">
            {(partners.data ?? []).map((p) => (
              <CheckboxField
                key={p.id}
                label={p.name}
                checked={partnerIds.includes(p.id)}
                onChange={(on) => setPartnerIds(toggle(partnerIds, p.id, on))}
              />
            ))}
          </div>
        </fieldset>
      )}
      <CheckboxField label={t('events.public')} checked={isPublic} onChange={setPublic} />
    </FormCard>
  );
}
