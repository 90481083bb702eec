import type { ReactNode } from 'react';
import { operatorLabel } from '../operator';
import { LocalTime } from './LocalTime';

/** Props of {@link LastChange}. */
export interface LastChangeProps {
  readonly by: string | undefined;
  /** An ISO 8601 timestamp. */
  readonly at: string;
}

/** Who last changed a record, and when: "Ana, 25/11/2026, 10:42:00". */
export function LastChange({ by, at }: LastChangeProps): ReactNode {
  return (
    <>
      {operatorLabel(by)}, <LocalTime iso={at} />
    </>
  );
}
