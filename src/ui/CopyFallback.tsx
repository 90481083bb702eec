import { useEffect, useRef, type ReactNode } from 'react';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';

/** Props of {@link CopyFallback}. */
export interface CopyFallbackProps {
  /** The outcome of the last copy attempt, if any. */
  readonly state: 'copied' | 'failed' | undefined;
  /** The text that was to be copied (read only when copying failed). */
  readonly text: () => string;
  /** The accessible name of that text (the copy button's words). */
  readonly label: string;
  readonly strings: Pick<ConflictKitStrings, 'copied' | 'copyFailed'>;
}

/** Announces a copy's outcome; when it failed, shows the text selected for copying by hand so the draft is never out of reach. */
export function CopyFallback({ state, text, label, strings }: CopyFallbackProps): ReactNode {
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (state === 'failed') area.current?.select();
  }, [state]);
  return (
    <>
      <p role="status" className="ck-copy-status">
        {state === 'copied' ? strings.copied : state === 'failed' ? strings.copyFailed : ''}
      </p>
      {state === 'failed' && <textarea ref={area} className="ck-copy-text" readOnly aria-label={label} value={text()} />}
    </>
  );
}
