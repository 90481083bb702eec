/**
 * JSON value types and the two predicates the record merge is built on.
 *
 * Records reach the kit through `JSON.parse`, but apps also hand over values
 * they built themselves, so nothing here trusts its input: non-plain objects
 * (Dates, Maps, class instances, functions) are opaque and compared by
 * identity, and the equality is iterative so hostile (deep or cyclic) input
 * can neither overflow the stack nor loop.
 */

/** A JSON scalar. */
export type JsonPrimitive = string | number | boolean | null;

/** A JSON object: string keys to JSON values. */
export type JsonObject = { [key: string]: JsonValue };

/** A JSON array. */
export type JsonArray = JsonValue[];

/** Any value JSON can represent. */
export type JsonValue = JsonPrimitive | JsonObject | JsonArray;

/**
 * `true` for an object literal or `JSON.parse` output (prototype
 * `Object.prototype` or `null`); `false` for arrays, Dates, Maps, class
 * instances and everything else, which the merge treats as opaque.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Reads an own property only, so keys such as `__proto__` or `constructor`
 * never reach the prototype chain. A property whose value is `undefined`
 * counts as absent, as it does in `JSON.stringify`.
 */
export function getOwn(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Own enumerable keys whose value is not `undefined` (the keys JSON would write). */
export function jsonKeys(object: Record<string, unknown>): string[] {
  return Object.keys(object).filter((key) => object[key] !== undefined);
}

/**
 * Sets an own, enumerable data property; unlike `object[key] = value`, a key
 * of `__proto__` becomes a plain property instead of replacing the prototype.
 */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Deep JSON equality: key order is irrelevant, `undefined`-valued keys count
 * as absent, `0` equals `-0`. Non-plain objects (Dates, class instances) are
 * equal only to themselves. Iterative, so any depth is fine, and each pair of
 * containers is compared once, so cycles and shared subtrees terminate.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const pending: unknown[] = [a, b];
  // Pairs already compared or being compared: meeting one again (a cycle) adds
  // no new evidence, so it is skipped; two structures are equal when no
  // difference is found anywhere.
  const seen = new Map<object, Set<object>>();
  while (pending.length > 0) {
    const y = pending.pop();
    const x = pending.pop();
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y)) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    const isArray = Array.isArray(x);
    if (isArray !== Array.isArray(y)) return false;
    if (!isArray && (!isPlainObject(x) || !isPlainObject(y))) return false;
    let partners = seen.get(x);
    if (partners?.has(y)) continue;
    if (!partners) seen.set(x, (partners = new Set()));
    partners.add(y);
    if (isArray) {
      const xs = x as readonly unknown[];
      const ys = y as readonly unknown[];
      if (xs.length !== ys.length) return false;
      for (let i = 0; i < xs.length; i++) pending.push(xs[i], ys[i]);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = jsonKeys(xo);
    if (keys.length !== jsonKeys(yo).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(yo, key)) return false;
      pending.push(xo[key], yo[key]);
    }
  }
  return true;
}
