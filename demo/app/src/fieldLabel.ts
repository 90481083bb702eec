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
  externalId: 'External order ID',
  items: 'Items',
  sku: 'SKU',
  quantity: 'Quantity',
};

/** The form's label for a record field (`['title']` → "Title", `['items', 0, 'quantity']` → "Items › 1 › Quantity"), as the dialogs and the stale banner name it. */
export function fieldLabel(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'Whole record';
  return path.map((segment) => (typeof segment === 'number' ? String(segment + 1) : (LABELS[segment] ?? segment))).join(' › ');
}
