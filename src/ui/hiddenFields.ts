/**
 * Bookkeeping fields a server keeps for itself (ids, versions, who and when
 * last changed): not what a person edits, so the review of changes, the
 * readable copy of a draft and the duplicate comparison leave them out
 * unless the app says otherwise (`hide`).
 */
export const BOOKKEEPING_FIELDS: readonly string[] = [
  '/id',
  '/_id',
  '/version',
  '/_rev',
  '/etag',
  '/_etag',
  '/createdAt',
  '/createdBy',
  '/updatedAt',
  '/updatedBy',
  '/modifiedAt',
  '/modifiedBy',
  '/lastModified',
  '/lastModifiedBy',
  '/created_at',
  '/created_by',
  '/updated_at',
  '/updated_by',
];

/** Whether `pointer` is one of `hide`, or inside one. */
export function isHidden(pointer: string, hide: readonly string[]): boolean {
  return hide.some((hidden) => pointer === hidden || pointer.startsWith(`${hidden}/`));
}
