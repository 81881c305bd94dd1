// The form pattern shared by the create/edit forms: a titled card, the error box, and Save/Cancel.
import { useId, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { FieldLabel } from '../lib/errors';
import { ErrorAlert, useAnnounce } from './ui';

/** The server's problem with one field of a failed save, in the UI's language: `problem('name')`. */
export function problemsOf(error: unknown): (field: string) => string | undefined {
  return (field) => (error instanceof ApiError ? error.problemOf(field) : undefined);
}

/** A save that closes its form: "Saved <name>" for screen readers, then `onDone`. */
export function useSavedThen<T>(nameOf: (saved: T) => string, onDone?: () => void) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  return {
    onSuccess: (saved: T) => {
      announce(t('common.savedName', { name: nameOf(saved) }));
      onDone?.();
    },
  };
}

/** Save (the form's submit) and Cancel. */
export function FormActions({
  disabled,
  busy,
  onCancel,
  saveLabel,
}: {
  /** Save stays disabled while something required is missing. */
  disabled?: boolean;
  busy?: boolean;
  onCancel(): void;
  saveLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy || disabled}>
        {saveLabel ?? t('common.save')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

interface SaveFormProps {
  /** The save: its error shows above the fields, Save waits while it runs. */
  save: { error: unknown; isPending: boolean };
  /** Gets the form, for a form that checks its fields itself and moves focus to the first problem. */
  onSubmit(form: HTMLFormElement): void;
  onCancel(): void;
  /** Save stays disabled while something required is missing. */
  disabled?: boolean;
  /** The submit button's text (default: Save). */
  saveLabel?: string;
  /** The error box's heading ("Device not saved"); without it the error's own message leads. */
  errorTitle?: string;
  /** The form's own names for the fields the error box lists (see `ErrorAlert`). */
  fieldLabel?: FieldLabel;
  /** The form checks its fields itself (`required` then only marks them), instead of the browser. */
  noValidate?: boolean;
  children: ReactNode;
}

function SaveForm({
  save,
  onSubmit,
  onCancel,
  disabled,
  saveLabel,
  errorTitle,
  fieldLabel,
  children,
  heading,
  ...form
}: SaveFormProps & {
  heading?: ReactNode;
  className: string;
  'aria-label'?: string;
  'aria-labelledby'?: string;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(e.currentTarget);
  };
  return (
    <form {...form} onSubmit={submit}>
      {heading}
      <ErrorAlert error={save.error} title={errorTitle} fieldLabel={fieldLabel} />
      {children}
      <FormActions busy={save.isPending} disabled={disabled} onCancel={onCancel} saveLabel={saveLabel} />
    </form>
  );
}

/** A create/edit form in its own card, named by its heading. */
export function FormCard({ title, ...props }: SaveFormProps & { title: string }) {
  const headingId = useId();
  return (
    <SaveForm
      {...props}
      className="card-section stack"
      aria-labelledby={headingId}
      heading={<h2 id={headingId}>{title}</h2>}
    />
  );
}

/** The editor in a table's edit row (see `EditRow`): no heading of its own, named by `label`. */
export function RowEditForm({ label, ...props }: SaveFormProps & { label: string }) {
  return <SaveForm {...props} className="stack" aria-label={label} />;
}

/** The filters above a list: a search landmark whose fields apply as they change (nothing to submit). */
export function FilterForm({ label, children }: { label: string; children: ReactNode }) {
  return (
    <form role="search" className="filters" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      {children}
    </form>
  );
}
