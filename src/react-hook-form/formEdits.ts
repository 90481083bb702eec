import { getOwn, isPlainObject, jsonEqual, setOwn } from '../core/json';

/** The form's fields of a record: its values under the given top-level names. @internal */
export function pickFields(value: unknown, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  if (!isPlainObject(value)) return picked;
  for (const name of names) setOwn(picked, name, getOwn(value, name));
  return picked;
}

/**
 * The record the user means: `base` with only the fields whose form value
 * differs from the form's default (react-hook-form's dirty fields) taken
 * from the form. Untouched fields stay as the server sent them, so a field
 * the form only normalised ('' for null) is never sent as the user's change.
 * Nested objects are compared field by field; arrays as a whole.
 * @internal
 */
export function applyEdits<T>(base: T, defaults: unknown, values: unknown): T {
  if (!isPlainObject(values)) return base;
  const from = isPlainObject(defaults) ? defaults : {};
  let next: Record<string, unknown> | undefined;
  for (const name of Object.keys(values)) {
    const value = getOwn(values, name);
    const before = getOwn(from, name);
    if (jsonEqual(value, before)) continue;
    const current = isPlainObject(base) ? getOwn(base, name) : undefined;
    next ??= isPlainObject(base) ? { ...base } : {};
    setOwn(next, name, isPlainObject(value) && isPlainObject(before) && isPlainObject(current) ? applyEdits(current, before, value) : value);
  }
  return (next ?? base) as T;
}
