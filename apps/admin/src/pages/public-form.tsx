// Form parts of the public pages: fields with ids the error summary links to (WCAG 3.3.1, 2.4.3).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function FormField({
  id,
  label,
  hint,
  error,
  required,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  children: (aria: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: true;
    required?: true;
  }) => ReactNode;
}) {
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> ({t('common.required')})</span>}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({
        id,
        'aria-describedby': described || undefined,
        'aria-invalid': error ? true : undefined,
        required: required ? true : undefined,
      })}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The list of problems at the top of the form; each links to its field. Focused when it appears. */
export function ErrorSummary({
  problems,
  labelOf,
  summaryRef,
}: {
  problems: [string, string][];
  labelOf(field: string): string;
  summaryRef: React.RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div
      className="alert alert-error error-summary"
      role="alert"
      tabIndex={-1}
      ref={summaryRef}
      aria-labelledby="summary-title"
    >
      <p className="alert-title" id="summary-title">
        <strong>{t('lab.summaryTitle', { count: problems.length })}</strong>
      </p>
      <ul>
        {problems.map(([field, problem]) => (
          <li key={field}>
            <a
              href={`#f-${field}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(`f-${field}`)?.focus();
              }}
            >
              {labelOf(field)}: {problem}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
