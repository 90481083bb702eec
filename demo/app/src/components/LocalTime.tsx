import type { ReactNode } from 'react';

/** Props of {@link LocalTime}. */
export interface LocalTimeProps {
  /** An ISO 8601 timestamp. */
  readonly iso: string;
}

/** A timestamp in the reader's locale, machine-readable in `dateTime`. */
export function LocalTime({ iso }: LocalTimeProps): ReactNode {
  return <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>;
}
