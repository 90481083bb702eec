import type { DocumentRecord } from './api';

/**
 * The "Lines" cell of the documents list. A list item's long text is cut by
 * the server and named in `truncated`, so counting its lines gives a lower
 * bound: say "more than" rather than a number that is false.
 */
export function documentLines(doc: Pick<DocumentRecord, 'content'> & { readonly truncated?: readonly string[] }): string {
  const lines = doc.content === '' ? 0 : doc.content.split('\n').length;
  return doc.truncated?.includes('content') ? `more than ${(lines - 1).toLocaleString('en')}` : lines.toLocaleString('en');
}
