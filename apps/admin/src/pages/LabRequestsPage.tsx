import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LabRequestState } from '@werkbank/contracts';
import { useLabRequest, useLabRequests, useStaffStep, type StaffStep } from '../api/labRequests';
import type { DateRange, LabRequest } from '../api/types';
import { SelectField, TextAreaField, TextField } from '../components/fields';
import { FilterForm, FormCard, problemsOf } from '../components/forms';
import { ErrorAlert, Notice, PageHeader, Spinner, TableRegion, useAnnounce } from '../components/ui';
import { useUrlFilters } from '../lib/useUrlFilters';
import { rangeText } from './RequestStatusPage';

const STATES = Object.values(LabRequestState);

/** The staff inbox of mobile-lab requests: the list with a state filter, and one request to decide on. */
export default function LabRequestsPage() {
  const { id } = useParams();
  return id ? <RequestDetail id={id} /> : <RequestList />;
}

function RequestList() {
  const { t } = useTranslation();
  const { params, update } = useUrlFilters();
  const raw = params.get('state') ?? '';
  const state = (STATES as string[]).includes(raw) ? (raw as LabRequestState) : '';
  const list = useLabRequests(state);
  return (
    <>
      <PageHeader title={t('lab.inboxTitle')} />
      <FilterForm label={t('lab.filter')}>
        <SelectField
          label={t('lab.filter')}
          value={state}
          onChange={(value) => update({ state: value })}
          placeholder={t('lab.all')}
          options={STATES.map((s) => ({ value: s, label: t(`lab.states.${s}`) }))}
        />
      </FilterForm>
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Spinner />
      ) : (list.data ?? []).length === 0 ? (
        <p>{t('lab.empty')}</p>
      ) : (
        <TableRegion label={t('lab.inboxTitle')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('lab.institution')}</th>
                <th scope="col">{t('lab.lab')}</th>
                <th scope="col">{t('lab.dates')}</th>
                <th scope="col">{t('lab.state')}</th>
                <th scope="col">{t('lab.received')}</th>
              </tr>
            </thead>
            <tbody>
              {(list.data ?? []).map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/requests/${r.id}`}>{r.institution}</Link>
                  </td>
                  <td>{r.labName}</td>
                  <td>{r.wishedDates.map(rangeText).join(', ')}</td>
                  <td>{t(`lab.states.${r.state}`)}</td>
                  <td>{r.createdAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}

type Mode = 'accept' | 'decline' | 'propose' | null;

function RequestDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const request = useLabRequest(id);
  const [mode, setMode] = useState<Mode>(null);
  const [done, setDone] = useState<string | null>(null);
  const r = request.data;
  if (request.isPending) return <Spinner />;
  if (!r) return <ErrorAlert error={request.error} />;
  const open = r.state === LabRequestState.New || r.state === LabRequestState.Proposed;
  return (
    <>
      <PageHeader title={`${t('lab.inboxTitle')}: ${r.institution}`}>
        <Link to="/requests">{t('lab.back')}</Link>
      </PageHeader>
      {done && (
        <Notice kind="success" live>
          {done}
        </Notice>
      )}
      <dl className="details">
        <dt>{t('lab.state')}</dt>
        <dd data-testid="request-state">{t(`lab.states.${r.state}`)}</dd>
        <dt>{t('lab.reference')}</dt>
        <dd className="mono">{r.reference}</dd>
        <dt>{t('lab.lab')}</dt>
        <dd>{r.labName}</dd>
        <dt>{t('lab.institutionType')}</dt>
        <dd>{t(`lab.types.${r.institutionType}`)}</dd>
        <dt>{t('lab.contact')}</dt>
        <dd>
          {r.contactName}, <a href={`mailto:${r.email}`}>{r.email}</a>
          {r.phone ? `, ${r.phone}` : ''}
        </dd>
        <dt>{t('lab.dates')}</dt>
        <dd>{r.wishedDates.map(rangeText).join(', ')}</dd>
        <dt>{t('lab.place')}</dt>
        <dd>
          {r.place} (AGS {r.municipalityKey})
        </dd>
        <dt>{t('lab.participants')}</dt>
        <dd>{r.participants}</dd>
        <dt>{t('lab.topics')}</dt>
        <dd>
          {[...r.topics.map((x) => t(`lab.topicList.${x}`)), r.topicsText].filter(Boolean).join(', ') || '–'}
        </dd>
        <dt>{t('lab.message')}</dt>
        <dd style={{ whiteSpace: 'pre-wrap' }}>{r.message ?? '–'}</dd>
        {r.proposedDates.length > 0 && (
          <>
            <dt>{t('lab.proposed')}</dt>
            <dd>{r.proposedDates.map(rangeText).join(', ')}</dd>
          </>
        )}
        {r.staffMessage && (
          <>
            <dt>{t('lab.staffMessage')}</dt>
            <dd style={{ whiteSpace: 'pre-wrap' }}>{r.staffMessage}</dd>
          </>
        )}
        {r.deployment && (
          <>
            <dt>{t('lab.deployment')}</dt>
            <dd>
              <Link to={`/sites/${r.siteId}`}>
                {rangeText(r.deployment)}, {r.deployment.place}
              </Link>
            </dd>
          </>
        )}
      </dl>
      {!open ? (
        <p>{t('lab.settled')}</p>
      ) : mode === null ? (
        <div className="form-actions">
          <button type="button" className="primary" onClick={() => setMode('accept')}>
            {t('lab.accept')}
          </button>
          <button type="button" onClick={() => setMode('propose')}>
            {t('lab.propose')}
          </button>
          <button type="button" onClick={() => setMode('decline')}>
            {t('lab.decline')}
          </button>
        </div>
      ) : (
        <StepForm
          request={r}
          mode={mode}
          onDone={(message) => {
            setMode(null);
            setDone(message);
          }}
        />
      )}
    </>
  );
}

function StepForm({
  request: r,
  mode,
  onDone,
}: {
  request: LabRequest;
  mode: Exclude<Mode, null>;
  onDone(message: string | null): void;
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const first = r.wishedDates[0];
  const [range, setRange] = useState<DateRange>({ startsOn: first.startsOn, endsOn: first.endsOn });
  const [place, setPlace] = useState(r.place);
  const [message, setMessage] = useState('');
  const step = useStaffStep(r.id, {
    onSuccess: (saved) => {
      const text =
        mode === 'accept'
          ? t('lab.accepted', { startsOn: saved.deployment?.startsOn, endsOn: saved.deployment?.endsOn })
          : mode === 'decline'
            ? t('lab.declined')
            : t('lab.proposedDone');
      announce(text);
      onDone(text);
    },
  });
  const problem = problemsOf(step.error);
  const send = () => {
    const body: StaffStep =
      mode === 'accept'
        ? { kind: 'accept', ...range, place: place.trim() || undefined, message: message.trim() || undefined }
        : mode === 'decline'
          ? { kind: 'decline', message }
          : { kind: 'propose', dates: [range], message };
    step.mutate(body);
  };
  const title =
    mode === 'accept' ? t('lab.acceptTitle') : mode === 'decline' ? t('lab.decline') : t('lab.propose');
  return (
    <FormCard
      title={title}
      save={step}
      saveLabel={
        mode === 'accept' ? t('lab.accept') : mode === 'decline' ? t('lab.decline') : t('lab.propose')
      }
      disabled={mode !== 'accept' && !message.trim()}
      onCancel={() => onDone(null)}
      onSubmit={send}
    >
      {mode !== 'decline' && (
        <div className="date-range">
          <TextField
            type="date"
            label={t('lab.from')}
            required
            value={range.startsOn}
            onChange={(v) => setRange({ ...range, startsOn: v })}
            error={problem('startsOn') ?? problem('dates.0.startsOn')}
          />
          <TextField
            type="date"
            label={t('lab.to')}
            required
            value={range.endsOn}
            onChange={(v) => setRange({ ...range, endsOn: v })}
            error={problem('endsOn') ?? problem('dates.0.endsOn')}
          />
          <span />
        </div>
      )}
      {mode === 'accept' && (
        <TextField
          label={t('lab.place')}
          value={place}
          onChange={setPlace}
          maxLength={200}
          error={problem('place')}
        />
      )}
      <TextAreaField
        label={t('lab.messageToRequester')}
        required={mode !== 'accept'}
        value={message}
        onChange={setMessage}
        maxLength={2000}
        rows={3}
        error={problem('message')}
      />
    </FormCard>
  );
}
