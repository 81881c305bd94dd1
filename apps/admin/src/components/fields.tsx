// The settings-field pattern: a control inside a Field (label, hint, field error, aria wiring), with its value
// as text. Pages say what the field is; the markup and accessibility come from here.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './ui';

interface FieldParts {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  className?: string;
}

type Controlled<A> = Omit<A, 'value' | 'onChange' | 'id' | 'required' | 'className'> & {
  value: string;
  onChange(value: string): void;
  /** Class of the control itself (`mono`, `time`); `className` goes to the field. */
  controlClassName?: string;
};

export type TextFieldProps = FieldParts & Controlled<InputHTMLAttributes<HTMLInputElement>>;

/** Splits a field's props into the Field's and the control's (value and change as text). */
function parts<P extends FieldParts & Controlled<object>>(props: P) {
  const { label, hint, error, required, className, value, onChange, controlClassName, ...rest } = props;
  return {
    field: { label, hint, error, required, className },
    control: {
      ...rest,
      className: controlClassName,
      value,
      onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    },
  };
}

export function TextField(props: TextFieldProps) {
  const { field, control } = parts(props);
  return (
    <Field {...field}>
      <input {...control} />
    </Field>
  );
}

/** A whole number as text ('' for none), with the browser's spinner and limits. */
export function NumberField(props: Omit<TextFieldProps, 'type'>) {
  return <TextField {...props} type="number" />;
}

export function TextAreaField(props: FieldParts & Controlled<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const { field, control } = parts(props);
  return (
    <Field {...field}>
      <textarea {...control} />
    </Field>
  );
}

export interface Option {
  value: string | number;
  label: ReactNode;
}

export function SelectField({
  options,
  placeholder,
  ...props
}: FieldParts &
  Controlled<SelectHTMLAttributes<HTMLSelectElement>> & {
    options: readonly Option[];
    /** First entry with the value '' ("Choose…", "None"). */
    placeholder?: string;
  }) {
  const { field, control } = parts(props);
  return (
    <Field {...field}>
      <select {...control}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A checkbox with its label around it (no hint or error: a box cannot be filled in wrong). */
export function CheckboxField({
  label,
  checked,
  onChange,
  name,
}: {
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  name?: string;
}) {
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** Options from named things (sites, machine types, readers). */
export const optionsOf = (items: readonly { id: string; name: string }[] | undefined): Option[] =>
  (items ?? []).map((x) => ({ value: x.id, label: x.name }));

/** The official municipality key (AGS, eight digits) of a site, deployment or member's home. */
export function MunicipalityKeyField({
  label,
  value,
  onChange,
  error,
  name,
}: {
  label?: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  name?: string;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      label={label ?? t('sites.municipalityKey')}
      hint={t('memberForm.agsHint')}
      error={error}
      name={name}
      value={value}
      onChange={onChange}
      inputMode="numeric"
      maxLength={8}
    />
  );
}

/** The required name of a thing (site, machine, qualification), as long as the API takes. */
export function NameField(props: {
  label: string;
  hint?: ReactNode;
  value: string;
  onChange(value: string): void;
  error?: string;
}) {
  return <TextField required name="name" maxLength={120} {...props} />;
}
