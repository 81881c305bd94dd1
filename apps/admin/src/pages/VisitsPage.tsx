import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AgeBand, Gender, SiteKind, type Visit } from '@werkbank/contracts';
import { useDeployments } from '../api/sites';
import { useCheckIn, useHeadcount, useUndoCheckIn, useVisitSummary, type VisitPlace } from '../api/visits';
import { MemberPicker } from '../components/MemberPicker';
import { SelectField, TextField } from '../components/fields';
import { problemsOf } from '../components/forms';
import { SiteSelect } from '../components/SiteSelect';
import { Ctx, ErrorAlert, Notice, PageHeader, Spinner, useAnnounce } from '../components/ui';
import { fullName, useFormat } from '../lib/format';
import { useCurrentSite } from '../lib/useCurrentSite';

/** Today in the site's zone (the server counts days there, not in the tablet's zone). */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** The front desk on a tablet: check in a member or an anonymous visitor, count a crowd, see today's count. */
export default function VisitsPage() {
  const { t } = useTranslation();
  const { site, siteId, setSiteId, sites, loading, error } = useCurrentSite();
  const [deploymentId, setDeploymentId] = useState('');
  const today = site ? todayIn(site.timezone) : '';
  const deployments = useDeployments(site?.kind === SiteKind.Mobile ? siteId : '');
  const running = (site?.kind === SiteKind.Mobile ? (deployments.data ?? []) : []).filter(
    (d) => d.startsOn <= today && d.endsOn >= today,
  );
  const stop = running.find((d) => d.id === deploymentId)?.id ?? '';
  const place: VisitPlace = { siteId, ...(stop ? { deploymentId: stop } : {}) };

  if (loading) return <Spinner />;
  return (
    <>
      <PageHeader title={t('visits.title')} />
      <ErrorAlert error={error} />
      {!site ? (
        <p>{t('visits.noSite')}</p>
      ) : (
        <>
          <p className="muted">{t('visits.intro')}</p>
          <div className="filters">
            <SiteSelect sites={sites} value={siteId} onChange={setSiteId} />
            {running.length > 0 && (
              <SelectField
                className="inline"
                label={t('visits.deployment')}
                value={stop}
                onChange={setDeploymentId}
                placeholder={t('visits.atSite')}
                options={running.map((d) => ({ value: d.id, label: d.place }))}
              />
            )}
          </div>
          <TodayCount siteId={siteId} deploymentId={stop} day={today} />
          <div className="two-col">
            <MemberCheckIn place={place} />
            <AnonymousCheckIn place={place} />
          </div>
          <HeadcountForm place={place} />
        </>
      )}
    </>
  );
}

function TodayCount({ siteId, deploymentId, day }: { siteId: string; deploymentId: string; day: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const summary = useVisitSummary(siteId, deploymentId, day, day);
  const d = summary.data?.days[0];
  return (
    <section className="card-section" aria-labelledby="visits-today">
      <h2 id="visits-today">
        {t('visits.today')} – {f.date(day)}
      </h2>
      <ErrorAlert error={summary.error} />
      <dl className="details visit-count" data-testid="visit-count">
        <dt>{t('visits.entries')}</dt>
        <dd data-testid="visit-entries">{f.number(d?.entries ?? 0)}</dd>
        <dt>{t('visits.persons')}</dt>
        <dd data-testid="visit-persons">{f.number(d?.persons ?? 0)}</dd>
        <dt>{t('visits.anonymous')}</dt>
        <dd>{f.number(d?.anonymous ?? 0)}</dd>
        <dt>{t('visits.headcount')}</dt>
        <dd>{f.number(d?.headcount ?? 0)}</dd>
      </dl>
    </section>
  );
}

/** The last check-in of this form, with an undo for a mistake. */
function LastCheckIn({ visit, name, onUndone }: { visit: Visit; name: string; onUndone(): void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const undo = useUndoCheckIn({
    onSuccess: () => {
      announce(t('visits.undone'));
      onUndone();
    },
  });
  return (
    <Notice kind="success">
      {t('visits.checkedIn', { name })}{' '}
      <button
        type="button"
        className="link-button"
        disabled={undo.isPending}
        onClick={() => undo.mutate(visit.id)}
      >
        {t('visits.undo')}
        <Ctx>{name}</Ctx>
      </button>
      <ErrorAlert error={undo.error} />
    </Notice>
  );
}

function MemberCheckIn({ place }: { place: VisitPlace }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [last, setLast] = useState<{ visit: Visit; name: string } | null>(null);
  const checkIn = useCheckIn();
  return (
    <section className="card-section stack" aria-labelledby="visits-member">
      <h2 id="visits-member">{t('visits.member')}</h2>
      <ErrorAlert error={checkIn.error} />
      <MemberPicker
        label={t('visits.search')}
        selectedIds={[]}
        pickLabel={(name) => t('visits.checkInName', { name })}
        onPick={(m) =>
          checkIn.mutate(
            { ...place, memberId: m.id },
            {
              onSuccess: (visit) => {
                setLast({ visit, name: fullName(m) });
                announce(t('visits.checkedIn', { name: fullName(m) }));
              },
            },
          )
        }
      />
      {last && <LastCheckIn visit={last.visit} name={last.name} onUndone={() => setLast(null)} />}
    </section>
  );
}

function AnonymousCheckIn({ place }: { place: VisitPlace }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const hintId = useId();
  const [ageBand, setAgeBand] = useState<AgeBand>(AgeBand.NotStated);
  const [gender, setGender] = useState<Gender>(Gender.NotStated);
  const [last, setLast] = useState<Visit | null>(null);
  const checkIn = useCheckIn();
  const problem = problemsOf(checkIn.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    checkIn.mutate(
      { ...place, anonymous: true, ageBand, gender },
      {
        onSuccess: (visit) => {
          setLast(visit);
          setAgeBand(AgeBand.NotStated);
          setGender(Gender.NotStated);
          announce(t('visits.checkedIn', { name: t('visits.anonymousVisitor') }));
        },
      },
    );
  };
  return (
    <form
      className="card-section stack"
      aria-labelledby="visits-anonymous"
      aria-describedby={hintId}
      onSubmit={submit}
    >
      <h2 id="visits-anonymous">{t('visits.anonymousTitle')}</h2>
      <p id={hintId} className="hint">
        {t('visits.anonymousHint')}
      </p>
      <ErrorAlert error={checkIn.error} />
      <div className="grid-2">
        <SelectField
          label={t('fields.ageBand')}
          name="ageBand"
          value={ageBand}
          error={problem('ageBand')}
          onChange={(v) => setAgeBand(v as AgeBand)}
          options={Object.values(AgeBand).map((v) => ({ value: v, label: t(`enums.ageBand.${v}`) }))}
        />
        <SelectField
          label={t('fields.gender')}
          name="gender"
          value={gender}
          error={problem('gender')}
          onChange={(v) => setGender(v as Gender)}
          options={Object.values(Gender).map((v) => ({ value: v, label: t(`enums.gender.${v}`) }))}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={checkIn.isPending}>
          {t('visits.checkInAnonymous')}
        </button>
      </div>
      {last && (
        <LastCheckIn visit={last} name={t('visits.anonymousVisitor')} onUndone={() => setLast(null)} />
      )}
    </form>
  );
}

function HeadcountForm({ place }: { place: VisitPlace }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [count, setCount] = useState('');
  const [note, setNote] = useState('');
  const save = useHeadcount({
    onSuccess: (saved) => {
      announce(t('visits.headcountSaved', { count: saved.count }));
      setCount('');
      setNote('');
    },
  });
  const problem = problemsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1) return;
    save.mutate({ ...place, count: n, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form className="card-section stack" aria-labelledby="visits-headcount" onSubmit={submit}>
      <h2 id="visits-headcount">{t('visits.headcountTitle')}</h2>
      <ErrorAlert error={save.error} />
      <div className="grid-2">
        <TextField
          label={t('visits.count')}
          hint={t('visits.headcountHint')}
          required
          type="number"
          min={1}
          max={100000}
          inputMode="numeric"
          name="count"
          value={count}
          error={problem('count')}
          onChange={setCount}
        />
        <TextField
          label={t('visits.note')}
          name="note"
          maxLength={200}
          value={note}
          error={problem('note')}
          onChange={setNote}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending || count.trim() === ''}>
          {t('visits.saveHeadcount')}
        </button>
      </div>
    </form>
  );
}
