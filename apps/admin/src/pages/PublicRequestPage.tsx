import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { InstitutionType, LabTopic } from '@werkbank/contracts';
import { ApiError } from '../api/client';
import { usePublicMobileLabs, useSubmitLabRequest } from '../api/labRequests';
import type { DateRange, LabRequestReceipt } from '../api/types';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ErrorAlert, Spinner, usePageTitle } from '../components/ui';
import { problemText } from '../lib/problems';
import { ErrorSummary, FormField } from './public-form';

const TYPES = Object.values(InstitutionType);
const TOPICS = Object.values(LabTopic);

interface FormState {
  siteId: string;
  institution: string;
  institutionType: string;
  contactName: string;
  email: string;
  phone: string;
  wishedDates: DateRange[];
  place: string;
  municipalityKey: string;
  participants: string;
  topics: LabTopic[];
  topicsText: string;
  message: string;
  consent: boolean;
  website: string;
}

const EMPTY: FormState = {
  siteId: '',
  institution: '',
  institutionType: '',
  contactName: '',
  email: '',
  phone: '',
  wishedDates: [{ startsOn: '', endsOn: '' }],
  place: '',
  municipalityKey: '',
  participants: '',
  topics: [],
  topicsText: '',
  message: '',
  consent: false,
  website: '',
};

/** The public request form for the mobile lab (no login; docs/mobile-lab.md). */
export default function PublicRequestPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('lab.formTitle'));
  const labs = usePublicMobileLabs();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [problems, setProblems] = useState<[string, string][]>([]);
  const [receipt, setReceipt] = useState<LabRequestReceipt | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = useSubmitLabRequest({
    onSuccess: (r) => setReceipt(r),
    onError: (error) => {
      if (error instanceof ApiError && error.details.length > 0) {
        show(error.details.map((d) => [d.field, problemText(d)]));
      }
    },
  });
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const errorOf = (field: string) => problems.find(([f]) => f === field)?.[1];
  const show = (list: [string, string][]) => {
    setProblems(list);
    window.setTimeout(() => summaryRef.current?.focus(), 0);
  };

  if (labs.isPending) return <Spinner />;
  const available = labs.data?.labs ?? [];
  const siteId = form.siteId || (available.length === 1 ? available[0].id : '');

  const labelOf = (field: string): string => {
    const [head, index, part] = field.split('.');
    if (head === 'wishedDates' && part)
      return `${t('lab.range', { n: Number(index) + 1 })} – ${t(part === 'startsOn' ? 'lab.from' : 'lab.to')}`;
    const key = `lab.${head === 'siteId' ? 'lab' : head}`;
    return i18n.exists(key) && typeof t(key as 'lab.lab') === 'string' ? t(key as 'lab.lab') : head;
  };

  const validate = (): [string, string][] => {
    const out: [string, string][] = [];
    const need = (field: keyof FormState, value: string) => {
      if (value.trim() === '') out.push([field, t('lab.required')]);
    };
    if (!siteId) out.push(['siteId', t('lab.required')]);
    need('institution', form.institution);
    need('institutionType', form.institutionType);
    need('contactName', form.contactName);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) out.push(['email', t('lab.invalidEmail')]);
    form.wishedDates.forEach((d, i) => {
      if (!d.startsOn) out.push([`wishedDates.${i}.startsOn`, t('lab.required')]);
      if (!d.endsOn) out.push([`wishedDates.${i}.endsOn`, t('lab.required')]);
      else if (d.startsOn && d.endsOn < d.startsOn)
        out.push([`wishedDates.${i}.endsOn`, t('lab.endBeforeStart')]);
    });
    need('place', form.place);
    if (!/^\d{8}$/.test(form.municipalityKey)) out.push(['municipalityKey', t('lab.invalidAgs')]);
    if (!/^\d+$/.test(form.participants) || Number(form.participants) < 1)
      out.push(['participants', t('lab.invalidNumber')]);
    if (!form.consent) out.push(['consent', t('lab.consentRequired')]);
    return out;
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const local = validate();
    if (local.length > 0) return show(local);
    setProblems([]);
    submit.mutate({
      formToken: labs.data?.formToken ?? '',
      website: form.website,
      siteId,
      institution: form.institution,
      institutionType: form.institutionType as InstitutionType,
      contactName: form.contactName,
      email: form.email.trim(),
      phone: form.phone.trim() || undefined,
      wishedDates: form.wishedDates,
      place: form.place,
      municipalityKey: form.municipalityKey,
      participants: Number(form.participants),
      topics: form.topics,
      topicsText: form.topicsText.trim() || undefined,
      message: form.message.trim() || undefined,
      consent: form.consent,
      language: i18n.language.startsWith('en') ? 'en' : 'de',
    });
  };

  const updateRange = (i: number, part: keyof DateRange, value: string) =>
    set(
      'wishedDates',
      form.wishedDates.map((d, j) => (j === i ? { ...d, [part]: value } : d)),
    );

  return (
    <main id="main" className="public-page">
      <div className="public-box">
        <div className="login-top">
          <span className="brand">Werkbank</span>
          <LanguageSwitch />
        </div>
        {receipt ? (
          <section aria-labelledby="thanks">
            <h1 id="thanks" tabIndex={-1}>
              {t('lab.thanksTitle')}
            </h1>
            {receipt.duplicate || !receipt.statusPath ? (
              <p>{t('lab.duplicate', { reference: receipt.reference })}</p>
            ) : (
              <>
                <p>{t('lab.thanks', { reference: receipt.reference })}</p>
                <p>
                  <Link to={receipt.statusPath} className="mono">
                    {`${window.location.origin}${receipt.statusPath}`}
                  </Link>
                </p>
              </>
            )}
          </section>
        ) : (
          <>
            <h1>{t('lab.formTitle')}</h1>
            <p className="muted">{t('lab.formIntro')}</p>
            <ErrorSummary problems={problems} labelOf={labelOf} summaryRef={summaryRef} />
            {!(submit.error instanceof ApiError && submit.error.details.length > 0) && (
              <ErrorAlert error={submit.error} />
            )}
            {available.length === 0 ? (
              <p>{t('lab.noLabs')}</p>
            ) : (
              <form onSubmit={onSubmit} noValidate>
                <FormField id="f-siteId" label={t('lab.lab')} required error={errorOf('siteId')}>
                  {(a) => (
                    <select {...a} value={siteId} onChange={(e) => set('siteId', e.target.value)}>
                      {available.length > 1 && <option value="">–</option>}
                      {available.map((lab) => (
                        <option key={lab.id} value={lab.id}>
                          {lab.name}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
                {available
                  .filter((lab) => lab.id === siteId && lab.booked.length > 0)
                  .map((lab) => (
                    <p key={lab.id} className="hint">
                      {t('lab.booked', {
                        dates: lab.booked
                          .map((b) => (b.startsOn === b.endsOn ? b.startsOn : `${b.startsOn} – ${b.endsOn}`))
                          .join(', '),
                      })}
                    </p>
                  ))}
                <FormField
                  id="f-institution"
                  label={t('lab.institution')}
                  required
                  error={errorOf('institution')}
                >
                  {(a) => (
                    <input
                      {...a}
                      autoComplete="organization"
                      maxLength={200}
                      value={form.institution}
                      onChange={(e) => set('institution', e.target.value)}
                    />
                  )}
                </FormField>
                <FormField
                  id="f-institutionType"
                  label={t('lab.institutionType')}
                  required
                  error={errorOf('institutionType')}
                >
                  {(a) => (
                    <select
                      {...a}
                      value={form.institutionType}
                      onChange={(e) => set('institutionType', e.target.value)}
                    >
                      <option value="">–</option>
                      {TYPES.map((type) => (
                        <option key={type} value={type}>
                          {t(`lab.types.${type}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
                <FormField
                  id="f-contactName"
                  label={t('lab.contactName')}
                  required
                  error={errorOf('contactName')}
                >
                  {(a) => (
                    <input
                      {...a}
                      autoComplete="name"
                      maxLength={120}
                      value={form.contactName}
                      onChange={(e) => set('contactName', e.target.value)}
                    />
                  )}
                </FormField>
                <FormField id="f-email" label={t('lab.email')} required error={errorOf('email')}>
                  {(a) => (
                    <input
                      {...a}
                      type="email"
                      autoComplete="email"
                      maxLength={254}
                      value={form.email}
                      onChange={(e) => set('email', e.target.value)}
                    />
                  )}
                </FormField>
                <FormField id="f-phone" label={t('lab.phone')} error={errorOf('phone')}>
                  {(a) => (
                    <input
                      {...a}
                      type="tel"
                      autoComplete="tel"
                      maxLength={40}
                      value={form.phone}
                      onChange={(e) => set('phone', e.target.value)}
                    />
                  )}
                </FormField>
                <fieldset aria-describedby="dates-hint">
                  <legend>
                    {t('lab.dates')} <span className="required">({t('common.required')})</span>
                  </legend>
                  <p className="hint" id="dates-hint">
                    {t('lab.datesHint')}
                  </p>
                  {form.wishedDates.map((d, i) => (
                    <div
                      className="date-range"
                      key={i}
                      role="group"
                      aria-label={t('lab.range', { n: i + 1 })}
                    >
                      <FormField
                        id={`f-wishedDates.${i}.startsOn`}
                        label={t('lab.from')}
                        required
                        error={errorOf(`wishedDates.${i}.startsOn`)}
                      >
                        {(a) => (
                          <input
                            {...a}
                            type="date"
                            value={d.startsOn}
                            onChange={(e) => updateRange(i, 'startsOn', e.target.value)}
                          />
                        )}
                      </FormField>
                      <FormField
                        id={`f-wishedDates.${i}.endsOn`}
                        label={t('lab.to')}
                        required
                        error={errorOf(`wishedDates.${i}.endsOn`)}
                      >
                        {(a) => (
                          <input
                            {...a}
                            type="date"
                            value={d.endsOn}
                            onChange={(e) => updateRange(i, 'endsOn', e.target.value)}
                          />
                        )}
                      </FormField>
                      {i > 0 ? (
                        <button
                          type="button"
                          onClick={() =>
                            set(
                              'wishedDates',
                              form.wishedDates.filter((_, j) => j !== i),
                            )
                          }
                        >
                          {t('lab.removeRange', { n: i + 1 })}
                        </button>
                      ) : (
                        <span />
                      )}
                    </div>
                  ))}
                  {form.wishedDates.length < 5 && (
                    <button
                      type="button"
                      onClick={() => set('wishedDates', [...form.wishedDates, { startsOn: '', endsOn: '' }])}
                    >
                      {t('lab.addRange')}
                    </button>
                  )}
                </fieldset>
                <FormField id="f-place" label={t('lab.place')} required error={errorOf('place')}>
                  {(a) => (
                    <input
                      {...a}
                      autoComplete="street-address"
                      maxLength={200}
                      value={form.place}
                      onChange={(e) => set('place', e.target.value)}
                    />
                  )}
                </FormField>
                <FormField
                  id="f-municipalityKey"
                  label={t('lab.municipalityKey')}
                  hint={t('lab.agsHint')}
                  required
                  error={errorOf('municipalityKey')}
                >
                  {(a) => (
                    <input
                      {...a}
                      inputMode="numeric"
                      maxLength={8}
                      value={form.municipalityKey}
                      onChange={(e) => set('municipalityKey', e.target.value.trim())}
                    />
                  )}
                </FormField>
                <FormField
                  id="f-participants"
                  label={t('lab.participants')}
                  required
                  error={errorOf('participants')}
                >
                  {(a) => (
                    <input
                      {...a}
                      type="number"
                      min={1}
                      max={10000}
                      value={form.participants}
                      onChange={(e) => set('participants', e.target.value)}
                    />
                  )}
                </FormField>
                <fieldset>
                  <legend>{t('lab.topics')}</legend>
                  <div className="checkbox-grid">
                    {TOPICS.map((topic, i) => (
                      <label className="checkbox" key={topic}>
                        <input
                          type="checkbox"
                          id={i === 0 ? 'f-topics' : undefined}
                          checked={form.topics.includes(topic)}
                          onChange={(e) =>
                            set(
                              'topics',
                              e.target.checked
                                ? [...form.topics, topic]
                                : form.topics.filter((x) => x !== topic),
                            )
                          }
                        />
                        {t(`lab.topicList.${topic}`)}
                      </label>
                    ))}
                  </div>
                  <FormField id="f-topicsText" label={t('lab.topicsText')} error={errorOf('topicsText')}>
                    {(a) => (
                      <input
                        {...a}
                        maxLength={500}
                        value={form.topicsText}
                        onChange={(e) => set('topicsText', e.target.value)}
                      />
                    )}
                  </FormField>
                </fieldset>
                <FormField id="f-message" label={t('lab.message')} error={errorOf('message')}>
                  {(a) => (
                    <textarea
                      {...a}
                      rows={4}
                      maxLength={4000}
                      value={form.message}
                      onChange={(e) => set('message', e.target.value)}
                    />
                  )}
                </FormField>
                <div className="honeypot" aria-hidden="true">
                  <label htmlFor="f-website">{t('lab.honeypot')}</label>
                  <input
                    id="f-website"
                    name="website"
                    tabIndex={-1}
                    autoComplete="off"
                    value={form.website}
                    onChange={(e) => set('website', e.target.value)}
                  />
                </div>
                <fieldset>
                  <legend>{t('lab.privacyTitle')}</legend>
                  <p id="privacy-text">{t('lab.privacy')}</p>
                  <div className={errorOf('consent') ? 'field-invalid' : ''}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        id="f-consent"
                        required
                        aria-invalid={errorOf('consent') ? true : undefined}
                        aria-describedby={`privacy-text${errorOf('consent') ? ' f-consent-error' : ''}`}
                        checked={form.consent}
                        onChange={(e) => set('consent', e.target.checked)}
                      />
                      {t('lab.consent')} <span className="required">({t('common.required')})</span>
                    </label>
                    {errorOf('consent') && (
                      <p className="field-error" id="f-consent-error">
                        {errorOf('consent')}
                      </p>
                    )}
                  </div>
                </fieldset>
                <button type="submit" id="f-formToken" className="primary" disabled={submit.isPending}>
                  {submit.isPending ? t('lab.busy') : t('lab.submit')}
                </button>
              </form>
            )}
          </>
        )}
      </div>
    </main>
  );
}
