import type { RegistryKey } from './createVersionRegistry';
import { isPlainObject } from './json';

/**
 * Hashes a registry key stably: strings pass through, arrays become JSON with
 * object keys sorted, so `['t', { a: 1, b: 2 }]` and `['t', { b: 2, a: 1 }]` agree.
 * @internal
 */
export function hashRegistryKey(key: RegistryKey): string {
  if (typeof key === 'string') return key;
  return JSON.stringify(key, (_, value: unknown) => {
    if (!isPlainObject(value)) return value;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) sorted[k] = value[k];
    return sorted;
  });
}
