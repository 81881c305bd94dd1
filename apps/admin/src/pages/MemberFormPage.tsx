import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AgeBand, Gender, MemberStatus, OccupationStatus } from '@werkbank/contracts';
import { api, ApiError } from '../api/client';
import { useSites } from '../api/queries';
import type { Member, MemberInput } from '../api/types';
import { DateInput, INVALID_DATE } from '../components/DateInput';
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
  const client = useQueryClient();
  const announce = useAnnounce();
  const sites = useSites();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [problems, setProblems] = useState<Problems>({});

  const member = useQuery({
    queryKey: ['members', id],
    queryFn: () => api.get<Member>(`/members/${id}`),
    enabled: editing,
  });
  useEffect(() => {
    if (member.data) setForm(fromMember(member.data));
  }, [member.data]);

  const save = useMutation({
    mutationFn: (payload: MemberInput) =>
      editing ? api.patch<Member>(`/members/${id}`, payload) : api.post<Member>('/members', payload),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['members'] });
      announce(t('members.saved', { name: fullName(saved) }));
      navigate(`/members/${saved.id}`, { state: { saved: true } });
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
    <Field
      label={label}
      error={problems[key]}
      hint={hint ? `${hint} ${t('common.dateHint')}` : t('common.dateHint')}
      required={required}
    >
      <DateInput name={key} value={form[key]} onChange={(v) => set(key, v)} />
    </Field>
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
            <Field label={t('fields.homeSiteId')} error={problems.homeSiteId}>
              <select
                name="homeSiteId"
                value={form.homeSiteId}
                onChange={(e) => set('homeSiteId', e.target.value)}
              >
                <option value="">{t('common.none')}</option>
                {(sites.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('memberForm.membership')}</legend>
          <Field label={t('fields.status')} error={problems.status}>
            <select
              name="status"
              value={form.status}
              onChange={(e) => set('status', e.target.value as MemberStatus)}
            >
              {Object.values(MemberStatus).map((s) => (
                <option key={s} value={s}>
                  {t(`enums.memberStatus.${s}`)}
                </option>
              ))}
            </select>
          </Field>
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
            <Field label={t('fields.ageBand')} error={problems.ageBand}>
              <select
                name="ageBand"
                value={form.ageBand}
                onChange={(e) => set('ageBand', e.target.value as AgeBand)}
              >
                {Object.values(AgeBand).map((v) => (
                  <option key={v} value={v}>
                    {t(`enums.ageBand.${v}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('fields.gender')} error={problems.gender}>
              <select
                name="gender"
                value={form.gender}
                onChange={(e) => set('gender', e.target.value as Gender)}
              >
                {Object.values(Gender).map((v) => (
                  <option key={v} value={v}>
                    {t(`enums.gender.${v}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('fields.occupation')} error={problems.occupation}>
              <select
                name="occupation"
                value={form.occupation}
                onChange={(e) => set('occupation', e.target.value as OccupationStatus)}
              >
                {Object.values(OccupationStatus).map((v) => (
                  <option key={v} value={v}>
                    {t(`enums.occupation.${v}`)}
                  </option>
                ))}
              </select>
            </Field>
            {text(
              'homeMunicipalityKey',
              t('fields.homeMunicipalityKey'),
              { inputMode: 'numeric', pattern: '\\d{8}', maxLength: 8 },
              t('memberForm.agsHint'),
            )}
          </div>
        </fieldset>

        <Field label={t('fields.notes')} error={problems.notes}>
          <textarea name="notes" rows={3} value={form.notes} onChange={(e) => set('notes', e.target.value)} />
        </Field>

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
