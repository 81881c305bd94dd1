import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { cardInput, useAddCard, useMemberCards, useRemoveCard, useToggleCardBlock } from '../../api/cards';
import { useAuth } from '../../app/auth';
import { CardDetailFields, NEW_CARD } from '../../components/CardDetailFields';
import { RowAction } from '../../components/EditRow';
import { TextField } from '../../components/fields';
import { Ctx, ErrorAlert, TableRegion, useAnnounce } from '../../components/ui';
import { useFormat } from '../../lib/format';

/** A member's cards: block, unblock and remove each (with a link to its audit trail), and add one. */
export function CardsSection({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const announce = useAnnounce();
  const cards = useMemberCards(memberId);
  const toggle = useToggleCardBlock(memberId, {
    onSuccess: (card) =>
      announce(
        card.blocked
          ? t('cards.blockedNow', { suffix: card.uidSuffix })
          : t('cards.unblockedNow', { suffix: card.uidSuffix }),
      ),
  });
  const remove = useRemoveCard(memberId, { onSuccess: () => announce(t('cards.removed')) });

  return (
    <section aria-labelledby="sec-cards">
      <h2 id="sec-cards">{t('cards.title')}</h2>
      <ErrorAlert error={cards.error ?? toggle.error ?? remove.error} />
      {cards.data && cards.data.length === 0 && <p>{t('cards.none')}</p>}
      {cards.data && cards.data.length > 0 && (
        <TableRegion label={t('cards.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('cards.card')}</th>
                <th scope="col">{t('cards.technology')}</th>
                <th scope="col">{t('cards.state')}</th>
                <th scope="col">{t('cards.added')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {cards.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <code>…{c.uidSuffix}</code>
                    {c.label && <> · {c.label}</>}
                  </td>
                  <td>{t(`enums.cardTechnology.${c.technology}`)}</td>
                  <td>
                    {c.blocked ? (
                      <span className="badge badge-bad">
                        {t('cards.blockedSince', { date: f.dateTime(c.blockedAt) })}
                        {c.blockedReason && ` – ${c.blockedReason}`}
                      </span>
                    ) : (
                      <span className="badge badge-ok">{t('cards.active')}</span>
                    )}
                  </td>
                  <td>{f.date(c.createdAt)}</td>
                  <td className="actions">
                    <RowAction
                      label={c.blocked ? t('cards.unblock') : t('cards.block')}
                      name={t('cards.cardSuffix', { suffix: c.uidSuffix })}
                      className={c.blocked ? '' : 'danger'}
                      onClick={() => toggle.mutate(c)}
                      disabled={toggle.isPending}
                    />
                    <RowAction
                      label={t('common.remove')}
                      name={t('cards.cardSuffix', { suffix: c.uidSuffix })}
                      onClick={() => remove.mutate(c)}
                      disabled={remove.isPending}
                    />
                    {can('audit.view') && (
                      <Link to={`/audit?entityType=card&entityId=${c.id}`}>
                        {t('cards.audit')}
                        <Ctx>{t('cards.cardSuffix', { suffix: c.uidSuffix })}</Ctx>
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <AddCardForm memberId={memberId} />
    </section>
  );
}

/** Adds a card by its UID typed in (or read by a desk reader that types); the enrollment page reads it live. */
export function AddCardForm({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const headingId = useId();
  const [uid, setUid] = useState('');
  const [details, setDetails] = useState(NEW_CARD);
  const add = useAddCard({
    onSuccess: (card) => {
      setUid('');
      setDetails((d) => ({ ...d, label: '' }));
      announce(t('cards.addedNow', { suffix: card.uidSuffix }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ memberId, ...cardInput(uid.trim(), details) });
  };
  return (
    <form onSubmit={submit} className="inline-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('cards.addTitle')}</h3>
      <p className="hint">
        {t('cards.addHint')} <Link to={`/enrollment?memberId=${memberId}`}>{t('cards.enrollLink')}</Link>
      </p>
      <ErrorAlert error={add.error} />
      <div className="grid-3">
        <TextField
          label={t('cards.uid')}
          hint={t('cards.uidHint')}
          required
          name="uid"
          value={uid}
          onChange={setUid}
          autoComplete="off"
          spellCheck={false}
          minLength={8}
          maxLength={40}
          controlClassName="mono"
        />
        <CardDetailFields value={details} onChange={setDetails} />
      </div>
      <button type="submit" className="primary" disabled={add.isPending || uid.trim().length < 8}>
        {t('cards.add')}
      </button>
    </form>
  );
}
