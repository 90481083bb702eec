const LABELS: Readonly<Record<string, string>> = {
  title: 'Title',
  status: 'Status',
  assignee: 'Assignee',
  description: 'Description',
  content: 'Text',
  state: 'State',
  version: 'Version',
  updatedBy: 'Last changed by',
  updatedAt: 'Last changed at',
};

/** The form's label for a record field (`['title']` → "Title"), as the dialogs and the stale banner name it. */
export function fieldLabel(path: readonly (string | number)[]): string {
  const head = path[0];
  const name = typeof head === 'string' ? (LABELS[head] ?? head) : '(record)';
  return path.length > 1 ? [name, ...path.slice(1)].join(' › ') : name;
}
