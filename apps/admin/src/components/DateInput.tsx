import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './ui';

/** What a DateInput reports while the text is not a date yet (the form refuses it before sending). */
export const INVALID_DATE = 'invalid';

/** D.M.YYYY, DD.MM.YYYY, DD/MM/YYYY or YYYY-MM-DD → YYYY-MM-DD; null when it is not a real calendar day. */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t)))
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export function formatDateInput(iso: string, lang: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return '';
  return lang === 'en' ? `${match[3]}/${match[2]}/${match[1]}` : `${match[3]}.${match[2]}.${match[1]}`;
}

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** YYYY-MM-DD, '' when empty, INVALID_DATE while the text is not a date. */
  value: string;
  onChange(value: string): void;
};

/**
 * Date as text in the UI language (DD.MM.YYYY in German, DD/MM/YYYY in English). Native date pickers follow
 * the browser's language, not the app's, and would show MM/DD/YYYY on an English browser at a German lab.
 */
export function DateInput({ value, onChange, ...rest }: Props) {
  const { i18n, t } = useTranslation();
  const [text, setText] = useState(() => formatDateInput(value, i18n.language));
  // Follow outside changes (reset, the "day pass" button) without overwriting what the user is typing.
  useEffect(() => {
    const current = parseDate(text) ?? (text.trim() === '' ? '' : INVALID_DATE);
    if (value !== current && value !== INVALID_DATE) setText(formatDateInput(value, i18n.language));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the value changes from outside
  }, [value]);
  useEffect(() => {
    const iso = parseDate(text);
    if (iso) setText(formatDateInput(iso, i18n.language));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reformat on a language switch only
  }, [i18n.language]);
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={t('common.datePlaceholder')}
      value={text}
      aria-invalid={rest['aria-invalid'] ?? (value === INVALID_DATE ? true : undefined)}
      onChange={(e) => {
        setText(e.target.value);
        const iso = parseDate(e.target.value);
        onChange(iso ?? (e.target.value.trim() === '' ? '' : INVALID_DATE));
      }}
      onBlur={(e) => {
        const iso = parseDate(text);
        if (iso) setText(formatDateInput(iso, i18n.language));
        rest.onBlur?.(e);
      }}
      className={`date ${rest.className ?? ''}`}
    />
  );
}

/**
 * A date in its Field: the date hint (after `hint`, if any), and "not a date" while the text is none, unless the
 * server's problem with the field says more.
 */
export function DateField({
  label,
  hint,
  error,
  required,
  name,
  value,
  onChange,
}: {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  name?: string;
  value: string;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  return (
    <Field
      label={label}
      hint={hint ? `${hint} ${t('common.dateHint')}` : t('common.dateHint')}
      required={required}
      error={error ?? (value === INVALID_DATE ? t('validation.date') : undefined)}
    >
      <DateInput name={name} value={value} onChange={onChange} />
    </Field>
  );
}
