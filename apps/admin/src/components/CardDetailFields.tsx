import { useTranslation } from 'react-i18next';
import { CardTechnology } from '@werkbank/contracts';
import type { CardDetails } from '../api/cards';
import { SelectField, TextField } from './fields';

export const NEW_CARD: CardDetails = { technology: CardTechnology.Em4100, label: '' };

/** A new card's technology and label (the UID comes from a reader or its own field). */
export function CardDetailFields({
  value,
  onChange,
}: {
  value: CardDetails;
  onChange(value: CardDetails): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        label={t('cards.technology')}
        name="technology"
        value={value.technology}
        onChange={(v) => onChange({ ...value, technology: v as CardTechnology })}
        options={Object.values(CardTechnology).map((v) => ({
          value: v,
          label: t(`enums.cardTechnology.${v}`),
        }))}
      />
      <TextField
        label={t('cards.label')}
        name="label"
        value={value.label}
        onChange={(label) => onChange({ ...value, label })}
        autoComplete="off"
      />
    </>
  );
}
