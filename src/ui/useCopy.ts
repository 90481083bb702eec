import { useState } from 'react';
import { copyText } from './copyText';

/**
 * The outcome of the last copy (`undefined` before the first, for
 * {@link CopyFallback}) and a function that copies a text and records how it went.
 */
export function useCopy(): [state: 'copied' | 'failed' | undefined, copy: (text: string) => void] {
  const [state, setState] = useState<'copied' | 'failed'>();
  return [state, (text) => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))];
}
