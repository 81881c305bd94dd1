import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMemberPick } from '../api/members';
import type { MemberListItem } from '../api/types';
import { fullName } from '../lib/format';
import { useDebounced } from './ui';

interface Props {
  label: string;
  /** Ids already chosen (shown as chosen, not offered again). */
  selectedIds: string[];
  onPick(member: MemberListItem): void;
  pickLabel: (name: string) => string;
}

/**
 * Search as you type, results as a list of buttons: simpler for keyboard and screen-reader users than a
 * combobox, and it works the same on a tablet.
 */
export function MemberPicker({ label, selectedIds, onPick, pickLabel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 200);
  const results = useMemberPick(term);
  const items = (results.data?.items ?? []).filter((m) => !selectedIds.includes(m.id));
  return (
    <div className="picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={q}
        autoComplete="off"
        onChange={(e) => setQ(e.target.value)}
        aria-describedby={`${id}-status`}
      />
      <p id={`${id}-status`} className="hint" aria-live="polite">
        {term.length === 0
          ? t('picker.typeToSearch')
          : results.isFetching && !results.data
            ? t('common.loading')
            : t('picker.found', { count: items.length })}
      </p>
      {term.length > 0 && items.length > 0 && (
        <ul className="picker-results">
          {items.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                onClick={() => {
                  onPick(m);
                  setQ('');
                }}
              >
                {pickLabel(fullName(m))}
                {m.email && <span className="muted"> · {m.email}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
