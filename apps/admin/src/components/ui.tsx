import {
  cloneElement,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_PASSWORD_MIN_LENGTH } from '@werkbank/contracts';
import { describeError, type FieldLabel } from '../lib/errors';

/** Sets the document title; each page calls it once with its heading. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Werkbank`;
  }, [title]);
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="page-header">
      <h1 tabIndex={-1}>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  className?: string;
  children: ReactElement<Record<string, unknown>>;
}

/** A labelled form control with hint and error text wired up for screen readers. */
export function Field({ label, hint, error, required, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const { t } = useTranslation();
  const control = cloneElement(children, {
    id,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
    'aria-invalid': error ? true : undefined,
    required: required || undefined,
  });
  return (
    <div className={`field ${error ? 'field-invalid ' : ''}${className ?? ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> ({t('common.required')})</span>}
      </label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {control}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A staff password input in its Field. `new` asks for a new password (with the length hint), `repeat`
 * confirms one, `current` is the one in use; each with the browser's matching autofill.
 */
export function PasswordField({
  label,
  value,
  onChange,
  error,
  kind = 'new',
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  kind?: 'new' | 'repeat' | 'current';
}) {
  const { t } = useTranslation();
  return (
    <Field
      label={label}
      hint={kind === 'new' ? t('staff.passwordHint', { min: STAFF_PASSWORD_MIN_LENGTH }) : undefined}
      required
      error={error}
    >
      <input
        type="password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={kind === 'current' ? 'current-password' : 'new-password'}
      />
    </Field>
  );
}

/** Error box: what went wrong and what to do next. role=alert so it is announced when it appears. */
export function ErrorAlert({
  error,
  title,
  fieldLabel,
}: {
  error: unknown;
  title?: string;
  /** Names the fields the list of problems mentions, where the form knows better than `fields.*`. */
  fieldLabel?: FieldLabel;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = describeError(t, error, fieldLabel);
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">
        <strong>{title ?? e.message}</strong>
      </p>
      {title && <p>{e.message}</p>}
      {e.fields.length > 0 && (
        <ul>
          {e.fields.map((f, i) => (
            <li key={i}>
              <strong>{f.field}</strong>: {f.problem}
            </li>
          ))}
        </ul>
      )}
      <p>{e.action}</p>
      {e.correlationId && (
        <p className="muted">
          {t('errors.correlation')}: <code>{e.correlationId}</code>
        </p>
      )}
    </div>
  );
}

export function Notice({
  kind = 'info',
  children,
  live,
}: {
  kind?: 'info' | 'success' | 'warning';
  children: ReactNode;
  live?: boolean;
}) {
  return (
    <div className={`alert alert-${kind}`} role={live ? 'status' : undefined}>
      {children}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'neutral' | 'info';

/** Context for screen readers after a short visible label ("Block" → "Block – card …C793"). */
export function Ctx({ children }: { children: ReactNode }) {
  return <span className="sr-only"> – {children}</span>;
}

/** Status shown as text with a colour (never colour alone). */
export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** Horizontally scrollable table container that keyboard users can scroll too. */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  // Named "Table: …" so it never repeats the name of the section around it (landmark names must be unique).
  return (
    <div className="table-region" role="region" aria-label={t('common.table', { label })} tabIndex={0}>
      {children}
    </div>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage(p: number): void;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) return null;
  return (
    <nav className="pager" aria-label={t('common.pagination')}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        {t('common.previous')}
      </button>
      <span>{t('common.pageOf', { page, pages })}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        {t('common.next')}
      </button>
    </nav>
  );
}

interface ConfirmProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal confirmation built on <dialog>: focus is trapped and Escape cancels, natively. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  busy,
  onConfirm,
  onCancel,
}: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** One polite live region for short success messages ("Saved"), shared by all pages. */
const AnnounceContext = createContext<(message: string) => void>(() => undefined);

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const announce = useCallback((m: string) => {
    // Clear first so the same text twice is announced twice.
    setMessage('');
    window.setTimeout(() => setMessage(m), 50);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext);
}

/** Debounced value (search as you type without a request per keystroke). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

/** Re-render every `ms` (session timers on the live board). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}
