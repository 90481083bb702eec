import type { ConflictKitStrings } from './ConflictKitStringsProvider';

/**
 * Who changed (or created) something and when, as the messages take them:
 * the person through `personName`, the moment through `formatTime`, each
 * `undefined` when not known.
 */
export function changeWords(
  strings: Pick<ConflictKitStrings, 'personName' | 'formatTime'>,
  by: string | undefined,
  at: number | undefined,
): [by: string | undefined, when: string | undefined] {
  return [by === undefined ? undefined : strings.personName(by), at === undefined ? undefined : strings.formatTime(at)];
}
