/**
 * A very small strict schema kit for request bodies, written by hand so the
 * demo needs no validation dependency. Every problem names the field it is
 * about (`items[2].quantity`), and objects reject members they do not know.
 */

/** One thing wrong with a request body. */
export interface SchemaIssue {
  /** Path of the offending member: `title`, `items[0].sku`; `''` for the body itself. */
  readonly field: string;
  /** What is wrong, for people: `must be a string of at most 200 characters`. */
  readonly message: string;
}

/** The outcome of a schema check. */
export type SchemaResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly SchemaIssue[] };

/** A check for one value at a path. */
export type Schema<T> = (value: unknown, path: string) => SchemaResult<T>;

/** A member that may be left out of its object. */
export interface OptionalField<T> {
  readonly optional: Schema<T>;
}

type Shape = Readonly<Record<string, Schema<unknown> | OptionalField<unknown>>>;
type Infer<S> = S extends Schema<infer T> ? T : S extends OptionalField<infer T> ? T : never;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalField<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;

/** The value type an object schema produces. */
export type InferShape<S extends Shape> = { -readonly [K in RequiredKeys<S>]: Infer<S[K]> } & {
  -readonly [K in OptionalKeys<S>]?: Infer<S[K]>;
};

const ok = <T>(value: T): SchemaResult<T> => ({ ok: true, value });
const fail = (field: string, message: string): SchemaResult<never> => ({ ok: false, issues: [{ field, message }] });

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;

// A lone surrogate cannot be stored as UTF-8; SQLite would silently replace it
// and the two stores would disagree.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Options for {@link string}. */
export interface StringOptions {
  /** @default 0 */
  readonly min?: number;
  readonly max: number;
  /**
   * Allow line breaks and tabs (descriptions, documents); otherwise any control character is refused.
   * @default false
   */
  readonly multiline?: boolean;
  /** A pattern the whole value must match, with a description for the message. */
  readonly pattern?: { readonly regex: RegExp; readonly description: string };
}

/** A string of bounded length without control characters (except line breaks when `multiline`). */
export function string(options: StringOptions): Schema<string> {
  const min = options.min ?? 0;
  return (value, path) => {
    if (typeof value !== 'string') return fail(path, `must be a string, not ${describe(value)}`);
    if (value.length < min) return fail(path, min === 1 ? 'must not be empty' : `must be at least ${min} characters long`);
    if (value.length > options.max) return fail(path, `must be at most ${options.max} characters long (got ${value.length})`);
    if ((options.multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(value)) {
      return fail(path, options.multiline ? 'must not contain control characters other than tab and line breaks' : 'must not contain control characters or line breaks');
    }
    if (LONE_SURROGATE.test(value)) return fail(path, 'must be valid Unicode (it contains a lone surrogate)');
    if (options.pattern && !options.pattern.regex.test(value)) return fail(path, `must be ${options.pattern.description}`);
    return ok(value);
  };
}

/** A safe integer within `[min, max]`. */
export function integer(min: number, max: number): Schema<number> {
  return (value, path) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? ok(value)
      : fail(path, `must be an integer from ${min} to ${max}, not ${typeof value === 'number' ? String(value) : describe(value)}`);
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  return (value, path) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? ok(value as T)
      : fail(path, `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
}

/** `null` or a value the inner schema accepts. */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return (value, path) => (value === null ? ok(null) : schema(value, path));
}

/** Marks an object member as optional (it may be absent; `undefined` is not a JSON value). */
export function optional<T>(schema: Schema<T>): OptionalField<T> {
  return { optional: schema };
}

/** An array of `min` to `max` items, each checked by `item`. */
export function arrayOf<T>(item: Schema<T>, min: number, max: number): Schema<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(path, `must be an array, not ${describe(value)}`);
    if (value.length < min) return fail(path, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    if (value.length > max) return fail(path, `must have at most ${max} items (got ${value.length})`);
    const out: T[] = [];
    const issues: SchemaIssue[] = [];
    value.forEach((entry, i) => {
      const result = item(entry, `${path}[${i}]`);
      if (result.ok) out.push(result.value);
      else issues.push(...result.issues);
    });
    return issues.length > 0 ? { ok: false, issues: issues.slice(0, 20) } : ok(out);
  };
}

const isOptional = (spec: Schema<unknown> | OptionalField<unknown>): spec is OptionalField<unknown> => typeof spec !== 'function';

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object with exactly the members of `shape`: missing required members and
 * unknown members are both reported by name.
 */
export function object<const S extends Shape>(shape: S): Schema<InferShape<S>> {
  return (value, path) => {
    if (!isJsonObject(value)) return fail(path, `must be a JSON object, not ${describe(value)}`);
    const at = (key: string): string => (path ? `${path}.${key}` : key);
    const issues: SchemaIssue[] = [];
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) {
        issues.push({ field: at(key), message: `is not a known field (known: ${Object.keys(shape).join(', ')})` });
      }
    }
    for (const [key, spec] of Object.entries(shape)) {
      const present = Object.prototype.hasOwnProperty.call(value, key);
      if (!present) {
        if (!isOptional(spec)) issues.push({ field: at(key), message: 'is required' });
        continue;
      }
      const result = (isOptional(spec) ? spec.optional : spec)(value[key], at(key));
      if (result.ok) Object.defineProperty(out, key, { value: result.value, enumerable: true, writable: true, configurable: true });
      else issues.push(...result.issues);
    }
    return issues.length > 0 ? { ok: false, issues: issues.slice(0, 20) } : ok(out as InferShape<S>);
  };
}
