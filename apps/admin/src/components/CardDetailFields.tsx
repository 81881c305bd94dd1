import { useTranslation } from 'react-i18next';
import { CardTechnology } from '@werkbank/contracts';
import { SelectField, TextField } from './fields';

/** What is said of a card besides its UID: its technology and an optional label ("blue key fob"). */
export function CardDetailFields({
  technology,
  onTechnology,
  label,
  onLabel,
}: {
  technology: CardTechnology;
  onTechnology(technology: CardTechnology): void;
  label: string;
  onLabel(label: string): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        label={t('cards.technology')}
        name="technology"
        value={technology}
        onChange={(v) => onTechnology(v as CardTechnology)}
        options={Object.values(CardTechnology).map((v) => ({
          value: v,
          label: t(`enums.cardTechnology.${v}`),
        }))}
      />
      <TextField label={t('cards.label')} name="label" value={label} onChange={onLabel} autoComplete="off" />
    </>
  );
}
