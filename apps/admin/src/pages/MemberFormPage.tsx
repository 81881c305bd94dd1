import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AgeBand, Gender, MemberStatus, OccupationStatus } from '@werkbank/contracts';
import { ApiError } from '../api/client';
import { useMember, useSaveMember } from '../api/members';
import { useSites } from '../api/sites';
import type { Member, MemberInput } from '../api/types';
import { DateField, INVALID_DATE } from '../components/DateInput';
import { optionsOf, SelectField, TextAreaField } from '../components/fields';
import { ErrorAlert, Field, PageHeader, Spinner, useAnnounce } from '../components/ui';
import { fullName, todayIso } from '../lib/format';

interface FormState {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  status: MemberStatus;
  guestValidFrom: string;
  guestValidUntil: string;
  homeSiteId: string;
  ageBand: AgeBand;
  gender: Gender;
  occupation: OccupationStatus;
  homeMunicipalityKey: string;
  isMinor: boolean;
  birthDate: string;
  guardianName: string;
  guardianConsentOn: string;
  notes: string;
}

const EMPTY: FormState = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  status: MemberStatus.Active,
  guestValidFrom: '',
  guestValidUntil: '',
  homeSiteId: '',
  ageBand: AgeBand.NotStated,
  gender: Gender.NotStated,
  occupation: OccupationStatus.NotStated,
  homeMunicipalityKey: '',
  isMinor: false,
  birthDate: '',
  guardianName: '',
  guardianConsentOn: '',
  notes: '',
};

function fromMember(m: Member): FormState {
  return {
    firstName: m.firstName,
    lastName: m.lastName,
    email: m.email ?? '',
    phone: m.phone ?? '',
    status: m.status,
    guestValidFrom: m.guestValidFrom ?? '',
    guestValidUntil: m.guestValidUntil ?? '',
    homeSiteId: m.homeSiteId ?? '',
    ageBand: m.ageBand,
    gender: m.gender,
    occupation: m.occupation,
    homeMunicipalityKey: m.homeMunicipalityKey ?? '',
    isMinor: m.isMinor,
    birthDate: m.birthDate ?? '',
    guardianName: m.guardianName ?? '',
    guardianConsentOn: m.guardianConsentOn ?? '',
    notes: m.notes ?? '',
  };
}

/** Empty text means "not given": null when editing (clears the field), left out when creating. */
function toPayload(s: FormState, editing: boolean): MemberInput {
  const opt = (v: string) => (v.trim() === '' ? (editing ? null : undefined) : v.trim());
  const guest = s.status === MemberStatus.Guest;
  return {
    firstName: s.firstName.trim(),
    lastName: s.lastName.trim(),
    email: opt(s.email),
    phone: opt(s.phone),
    status: s.status,
    guestValidFrom: guest ? opt(s.guestValidFrom) : editing ? null : undefined,
    guestValidUntil: guest ? opt(s.guestValidUntil) : editing ? null : undefined,
    homeSiteId: opt(s.homeSiteId),
    ageBand: s.ageBand,
    gender: s.gender,
    occupation: s.occupation,
    homeMunicipalityKey: opt(s.homeMunicipalityKey),
    isMinor: s.isMinor,
    birthDate: s.isMinor ? opt(s.birthDate) : editing ? null : undefined,
    guardianName: s.isMinor ? opt(s.guardianName) : editing ? null : undefined,
    guardianConsentOn: s.isMinor ? opt(s.guardianConsentOn) : editing ? null : undefined,
    notes: opt(s.notes),
  };
}

type Problems = Partial<Record<keyof FormState, string>>;

export default function MemberFormPage() {
  const { id } = useParams();
  const editing = !!id;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const sites = useSites();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [problems, setProblems] = useState<Problems>({});

  const member = useMember(id);
  useEffect(() => {
    if (member.data) setForm(fromMember(member.data));
  }, [member.data]);

  const save = useSaveMember(id, {
    onSuccess: (saved) => {
      announce(t('members.saved', { name: fullName(saved) }));
      void navigate(`/members/${saved.id}`, { state: { saved: true } });
    },
    onError: (err) => {
      if (err instanceof ApiError) {
        const next: Problems = {};
        for (const key of Object.keys(EMPTY) as (keyof FormState)[]) {
          const p = err.problemOf(key);
          if (p) next[key] = p;
        }
        setProblems(next);
      }
    },
  });

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((s) => ({ ...s, [key]: value }));

  const validate = (): Problems => {
    const p: Problems = {};
    if (!form.firstName.trim()) p.firstName = t('validation.required');
    if (!form.lastName.trim()) p.lastName = t('validation.required');
    if (form.status === MemberStatus.Guest) {
      if (!form.guestValidFrom) p.guestValidFrom = t('validation.guestDates');
      if (!form.guestValidUntil) p.guestValidUntil = t('validation.guestDates');
      if (form.guestValidFrom && form.guestValidUntil && form.guestValidUntil < form.guestValidFrom)
        p.guestValidUntil = t('validation.untilBeforeFrom');
    }
    if (form.homeMunicipalityKey && !/^\d{8}$/.test(form.homeMunicipalityKey))
      p.homeMunicipalityKey = t('validation.ags');
    for (const key of ['guestValidFrom', 'guestValidUntil', 'birthDate', 'guardianConsentOn'] as const) {
      if (
        form[key] === INVALID_DATE &&
        (key === 'birthDate' || key === 'guardianConsentOn'
          ? form.isMinor
          : form.status === MemberStatus.Guest)
      )
        p[key] = t('validation.date');
    }
    return p;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = validate();
    setProblems(p);
    if (Object.keys(p).length > 0) {
      announce(t('validation.fixFields', { count: Object.keys(p).length }));
      const first = Object.keys(p)[0];
      document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    save.mutate(toPayload(form, editing));
  };

  const title = editing
    ? t('memberForm.editTitle', { name: member.data ? fullName(member.data) : '' })
    : t('memberForm.newTitle');
  if (editing && member.isPending) return <Spinner />;
  if (editing && member.error) return <ErrorAlert error={member.error} />;

  const date = (
    key: 'guestValidFrom' | 'guestValidUntil' | 'birthDate' | 'guardianConsentOn',
    label: string,
    hint?: string,
    required?: boolean,
  ) => (
    <DateField
      label={label}
      hint={hint}
      error={problems[key]}
      required={required}
      name={key}
      value={form[key]}
      onChange={(v) => set(key, v)}
    />
  );
  const text = (
    key: keyof FormState,
    label: string,
    extra: Record<string, unknown> = {},
    hint?: string,
    required?: boolean,
  ) => (
    <Field label={label} error={problems[key]} hint={hint} required={required}>
      <input
        name={key}
        value={form[key] as string}
        onChange={(e) => set(key, e.target.value as never)}
        {...extra}
      />
    </Field>
  );

  type EnumKey = 'status' | 'ageBand' | 'gender' | 'occupation';
  /** A select over one of the contract's enums. */
  const choice = <K extends EnumKey>(
    key: K,
    label: string,
    values: FormState[K][],
    labelOf: (value: FormState[K]) => string,
  ) => (
    <SelectField
      label={label}
      error={problems[key]}
      name={key}
      value={form[key]}
      onChange={(v) => set(key, v as FormState[K])}
      options={values.map((v) => ({ value: v, label: labelOf(v) }))}
    />
  );

  return (
    <>
      <PageHeader title={title} />
      <ErrorAlert error={save.error} title={t('memberForm.notSaved')} />
      <form onSubmit={submit} noValidate className="stack">
        <fieldset>
          <legend>{t('memberForm.person')}</legend>
          <div className="grid-2">
            {text('firstName', t('fields.firstName'), { autoComplete: 'off' }, undefined, true)}
            {text('lastName', t('fields.lastName'), { autoComplete: 'off' }, undefined, true)}
            {text('email', t('fields.email'), { type: 'email', autoComplete: 'off' })}
            {text('phone', t('fields.phone'), { type: 'tel', autoComplete: 'off' })}
            <SelectField
              label={t('fields.homeSiteId')}
              error={problems.homeSiteId}
              name="homeSiteId"
              value={form.homeSiteId}
              onChange={(v) => set('homeSiteId', v)}
              placeholder={t('common.none')}
              options={optionsOf(sites.data)}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('memberForm.membership')}</legend>
          {choice('status', t('fields.status'), Object.values(MemberStatus), (v) =>
            t(`enums.memberStatus.${v}`),
          )}
          <p>
            <button
              type="button"
              onClick={() =>
                setForm((s) => ({
                  ...s,
                  status: MemberStatus.Guest,
                  guestValidFrom: todayIso(),
                  guestValidUntil: todayIso(),
                }))
              }
            >
              {t('memberForm.dayPass')}
            </button>
          </p>
          {form.status === MemberStatus.Guest && (
            <div className="grid-2">
              {date('guestValidFrom', t('fields.guestValidFrom'), undefined, true)}
              {date('guestValidUntil', t('fields.guestValidUntil'), undefined, true)}
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('memberForm.minorLegend')}</legend>
          <div className="checkbox">
            <input
              id="isMinor"
              name="isMinor"
              type="checkbox"
              checked={form.isMinor}
              onChange={(e) => {
                const isMinor = e.target.checked;
                setForm((s) => ({
                  ...s,
                  isMinor,
                  ageBand: isMinor && s.ageBand === AgeBand.NotStated ? AgeBand.Under18 : s.ageBand,
                }));
              }}
            />
            <label htmlFor="isMinor">{t('fields.isMinor')}</label>
          </div>
          {form.isMinor && (
            <div className="grid-2">
              {date('birthDate', t('fields.birthDate'), t('memberForm.birthDateHint'))}
              {text('guardianName', t('fields.guardianName'), { autoComplete: 'off' })}
              {date('guardianConsentOn', t('fields.guardianConsentOn'), t('memberForm.consentHint'))}
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('memberForm.demographics')}</legend>
          <p className="hint">{t('memberForm.demographicsHint')}</p>
          <div className="grid-2">
            {choice('ageBand', t('fields.ageBand'), Object.values(AgeBand), (v) => t(`enums.ageBand.${v}`))}
            {choice('gender', t('fields.gender'), Object.values(Gender), (v) => t(`enums.gender.${v}`))}
            {choice('occupation', t('fields.occupation'), Object.values(OccupationStatus), (v) =>
              t(`enums.occupation.${v}`),
            )}
            {text(
              'homeMunicipalityKey',
              t('fields.homeMunicipalityKey'),
              { inputMode: 'numeric', pattern: '\\d{8}', maxLength: 8 },
              t('memberForm.agsHint'),
            )}
          </div>
        </fieldset>

        <TextAreaField
          label={t('fields.notes')}
          error={problems.notes}
          name="notes"
          rows={3}
          value={form.notes}
          onChange={(v) => set('notes', v)}
        />

        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : editing ? t('common.save') : t('memberForm.create')}
          </button>
          <Link className="button" to={editing ? `/members/${id}` : '/members'}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
