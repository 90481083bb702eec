/**
 * Paths into JSON documents, as segment arrays and as RFC 6901 JSON pointers,
 * plus the small pattern language (`/items/*\/tags`) the merge options use.
 */
import { isDev } from './devWarning';

/** One step of a {@link JsonPath}: an object key, or an array index. */
export type JsonPathSegment = string | number;

/** A location in a JSON document, outermost segment first; `[]` is the whole document. */
export type JsonPath = readonly JsonPathSegment[];

/**
 * Encodes a path as an RFC 6901 JSON pointer: `['a/b', 0, '~x']` →
 * `/a~1b/0/~0x`; `[]` → `''` (the whole document).
 */
export function toJsonPointer(path: JsonPath): string {
  let pointer = '';
  // RFC 6901 §3: '~' is written '~0' and '/' is written '~1', in that order.
  for (const segment of path) pointer += '/' + String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
  return pointer;
}

/**
 * Decodes an RFC 6901 JSON pointer into string segments (a pointer does not
 * say whether `0` is a key or an index). Throws a `SyntaxError` for a
 * non-empty pointer that does not start with `/` or holds a bad `~` escape.
 */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new SyntaxError(
      isDev ? `Invalid JSON pointer ${JSON.stringify(pointer)}: a pointer is empty or starts with "/" (RFC 6901 §3).` : `Invalid JSON pointer ${JSON.stringify(pointer)}.`,
    );
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~(?![01])/.test(token)) {
        throw new SyntaxError(
          isDev ? `Invalid JSON pointer ${JSON.stringify(pointer)}: "~" must be followed by 0 or 1 (RFC 6901 §3).` : `Invalid JSON pointer ${JSON.stringify(pointer)}.`,
        );
      }
      // RFC 6901 §4: decode '~1' before '~0' so that '~01' becomes '~1', not '/'.
      return token.replaceAll('~1', '/').replaceAll('~0', '~');
    });
}

/**
 * A compiled set of pointer patterns. A pattern is a JSON pointer in which a
 * segment that is exactly `*` matches any one key or index (a key that is
 * literally `*` is matched by it too).
 */
export interface PointerPatterns {
  /** `true` when some pattern matches `path` exactly. */
  matches(path: JsonPath): boolean;
  /** `true` when some pattern matches a strict descendant of `path`. */
  matchesBelow(path: JsonPath): boolean;
}

/**
 * Compiles pointer patterns such as `/version` or `/items/*\/updatedAt`.
 * Throws a `SyntaxError` (see {@link parseJsonPointer}) for a malformed one.
 */
export function compilePointerPatterns(patterns: readonly string[]): PointerPatterns {
  const compiled = patterns.map(parseJsonPointer);
  const prefixMatches = (pattern: readonly string[], path: JsonPath): boolean => {
    for (let i = 0; i < path.length; i++) {
      const want = pattern[i];
      if (want !== '*' && want !== String(path[i])) return false;
    }
    return true;
  };
  return {
    matches: (path) => compiled.some((pattern) => pattern.length === path.length && prefixMatches(pattern, path)),
    matchesBelow: (path) => compiled.some((pattern) => pattern.length > path.length && prefixMatches(pattern, path)),
  };
}
