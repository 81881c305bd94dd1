// The edit-row pattern: a table row whose "Change" button opens an editor in a full-width row below it; and
// the row's other actions, some with a confirmation.
import type { ReactNode } from 'react';
import { ConfirmDialog, Ctx, ErrorAlert } from './ui';

const editorId = (id: string) => `edit-${id}`;

/** The row's cells, and while `open` the editor beneath them (the toggle's aria-controls target). */
export function EditRow({
  id,
  open,
  colSpan,
  editor,
  children,
}: {
  id: string;
  open: boolean;
  colSpan: number;
  editor: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <tr>{children}</tr>
      {open && (
        <tr id={editorId(id)}>
          <td colSpan={colSpan}>{editor}</td>
        </tr>
      )}
    </>
  );
}

/** Opens and closes a row's editor; `name` says which row to screen readers ("Change – Laser"). */
export function EditToggle({
  id,
  open,
  onToggle,
  label,
  name,
}: {
  id: string;
  open: boolean;
  onToggle(): void;
  label: string;
  name: string;
}) {
  return (
    <button type="button" aria-expanded={open} aria-controls={editorId(id)} onClick={onToggle}>
      {label}
      <Ctx>{name}</Ctx>
    </button>
  );
}

/** Which row's editor is open: one at a time. */
export function toggled(open: string | null, id: string): string | null {
  return open === id ? null : id;
}

/** A short action in a row ("Remove", "Edit") that names its row to screen readers. */
export function RowAction({
  label,
  name,
  onClick,
  className = 'link-button',
  disabled,
}: {
  label: string;
  name: string;
  onClick(): void;
  className?: string;
  disabled?: boolean;
}) {
  return (
    <button type="button" className={className} onClick={onClick} disabled={disabled}>
      {label}
      <Ctx>{name}</Ctx>
    </button>
  );
}

/**
 * A row action that asks first: its button (naming the row) and the confirmation dialog, which shows the
 * action's error. `open` stays with the caller, whose action closes the dialog when it succeeds.
 */
export function ConfirmedAction({
  label,
  name,
  className,
  open,
  onOpenChange,
  title,
  confirmLabel,
  danger,
  action,
  onConfirm,
  children,
}: {
  label: string;
  name: string;
  className: string;
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  action: { isPending: boolean; error: unknown };
  onConfirm(): void;
  /** What the action does, and any choice that goes with it. */
  children: ReactNode;
}) {
  return (
    <>
      <RowAction label={label} name={name} className={className} onClick={() => onOpenChange(true)} />
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        danger={danger}
        busy={action.isPending}
        onConfirm={onConfirm}
        onCancel={() => onOpenChange(false)}
      >
        {children}
        <ErrorAlert error={action.error} />
      </ConfirmDialog>
    </>
  );
}
