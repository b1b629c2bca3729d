/**
 * A labelled field of a phone form, with its error underneath. The phone forms are small, so they keep their values
 * and errors in state themselves rather than loading antd-mobile's Form (its validator costs ~30 KB gzipped).
 */
import type { ReactNode } from 'react';
import { List } from 'antd-mobile';

interface Props {
  label: ReactNode;
  error?: string;
  required?: boolean;
  /** Label above the control (for wide controls such as button grids), instead of beside it. */
  vertical?: boolean;
  hidden?: boolean;
  children: ReactNode;
}

export function FormRow({ label, error, required, vertical, hidden, children }: Props) {
  if (hidden) return null;
  const title = <span className="pp-form-label">{label}{required && <span className="pp-required" aria-hidden="true">*</span>}</span>;
  const message = error ? <span className="pp-form-error" role="alert">{error}</span> : undefined;
  return vertical ? (
    <List.Item title={title} description={message} className="pp-form-row">{children}</List.Item>
  ) : (
    <List.Item prefix={title} description={message} className="pp-form-row pp-form-row-inline">{children}</List.Item>
  );
}

/** Field errors keep only fields still in error once the person edits one. */
export function without(errors: Record<string, string>, ...fields: string[]): Record<string, string> {
  const next = { ...errors };
  for (const field of fields) delete next[field];
  return next;
}
