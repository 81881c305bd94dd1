import { useId } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MemberStatus } from '@werkbank/contracts';
import { useMemberList } from '../api/members';
import { useAuth } from '../app/auth';
import { MemberStatusBadge } from '../components/labels';
import { ErrorAlert, PageHeader, Pager, Spinner, TableRegion, useDebounced } from '../components/ui';
import { useFormat } from '../lib/format';
import { useUrlFilters } from '../lib/useUrlFilters';
import { FilterForm } from '../components/forms';
import { useUrlText } from '../lib/useUrlText';

type SortField = 'lastName' | 'firstName' | 'email' | 'status' | 'createdAt';
const PAGE_SIZE = 25;

export default function MembersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const identity = can('members.identity');
  const searchId = useId();
  const statusId = useId();
  const { params, update, page, setPage } = useUrlFilters();
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const sort = (params.get('sort') as SortField | null) ?? 'lastName';
  const order = params.get('order') === 'desc' ? 'desc' : 'asc';
  const [draft, changeDraft] = useUrlText(q, (text) => update({ q: text }));
  const term = useDebounced(draft.trim(), 250);

  const list = useMemberList({ term, status, sort, order, page, pageSize: PAGE_SIZE });

  const header = (field: SortField, label: string) => {
    const active = sort === field;
    return (
      <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button
          type="button"
          className="sort-button"
          onClick={() => update({ sort: field, order: active && order === 'asc' ? 'desc' : 'asc' })}
        >
          {label}
          <span aria-hidden="true">{active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };

  return (
    <>
      <PageHeader title={t('members.title')}>
        {can('members.import') && (
          <Link className="button" to="/members/import">
            {t('members.import')}
          </Link>
        )}
        {can('members.write') && (
          <Link className="button primary" to="/members/new">
            {t('members.new')}
          </Link>
        )}
      </PageHeader>
      <FilterForm label={t('members.filters')}>
        <div className="field">
          <label htmlFor={searchId}>{t('members.search')}</label>
          <input
            id={searchId}
            type="search"
            value={draft}
            onChange={(e) => changeDraft(e.target.value)}
            aria-describedby={`${searchId}-count`}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={statusId}>{t('members.status')}</label>
          <select id={statusId} value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {Object.values(MemberStatus).map((s) => (
              <option key={s} value={s}>
                {t(`enums.memberStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </FilterForm>
      <p id={`${searchId}-count`} aria-live="polite" className="result-count">
        {list.data ? t('members.count', { count: list.data.total }) : ''}
        {list.isFetching && list.data ? ` ${t('common.updating')}` : ''}
      </p>
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Spinner />
      ) : list.data && list.data.items.length > 0 ? (
        <>
          <TableRegion label={t('members.title')}>
            <table className="data">
              <thead>
                <tr>
                  {header('lastName', t('members.name'))}
                  {identity && header('email', t('fields.email'))}
                  {header('status', t('members.status'))}
                  <th scope="col">{t('members.notes')}</th>
                  {header('createdAt', t('members.since'))}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <Link to={`/members/${m.id}`}>
                        {m.lastName}, {m.firstName}
                      </Link>
                    </td>
                    {identity && <td>{m.email ?? '–'}</td>}
                    <td>
                      <MemberStatusBadge status={m.status} />
                    </td>
                    <td>
                      {m.status === MemberStatus.Guest && m.guestValidFrom && (
                        <span>
                          {t('members.guestWindow', {
                            from: f.date(m.guestValidFrom),
                            until: f.date(m.guestValidUntil),
                          })}
                        </span>
                      )}
                      {m.isMinor && <span className="tag">{t('members.minor')}</span>}
                    </td>
                    <td>{f.date(m.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
        </>
      ) : (
        !list.error && <p>{term || status ? t('members.noMatch') : t('members.empty')}</p>
      )}
    </>
  );
}
