import type { ConflictClientOptions, WriteTracer } from '../conflictClientTypes';
import { createIntent, type Intent } from '../createIntent';
import { createVersionRegistry, type RegistryKey, type VersionRegistry } from '../createVersionRegistry';
import type { FieldPath, ReadValidatorOptions, Validator } from '../etag';
import { hashRegistryKey } from '../hashRegistryKey';
import { readChangeInfo, type ChangeAuthor } from '../readChangeInfo';
import { compact } from '../readers/bodyMembers';
import type { ConflictReader } from '../readers/conflictReader';
import type { RecordRef } from '../remoteChange';
import type { EventSlot } from '../telemetry/eventSlot';
import { routeTemplate } from '../telemetry/routeTemplate';
import { sendRequest, type Send } from './sendRequest';

/** What every part of the client shares: its options, resolved once. @internal */
export interface ClientContext {
  readonly registry: VersionRegistry;
  readonly send: Send;
  readonly versionField: FieldPath | undefined;
  readonly allowWeakETags: boolean;
  /** How {@link readValidator} reads a response's version with this client's `versionField`. */
  readonly versionOptions: ReadValidatorOptions;
  readonly readers: readonly ConflictReader[] | undefined;
  /** The absolute URL for a relative one. */
  resolve(url: string): string;
  /** The hashed registry key of a URL, or of an explicit key. */
  keyFor(url: string, key?: RegistryKey): string;
  /** The hashed registry key of a record reference (its key when it has one, else its URL's). */
  keyOf(record: RecordRef): string;
  /** Who changed a value and when; never throws. */
  changeOf(value: unknown): ChangeAuthor;
  /** Marks a key stale with a newer version seen on the server, and who made it when the value says so. */
  markNewer(key: string, validator: Validator, value: unknown): void;
  /** The intent for a scope, with the client's storage, key generator and clock. */
  intent(scope: string): Intent;
  /** The client's conflict events: reported here while conflict-kit/telemetry listens. */
  readonly events: EventSlot;
  /** The route template of a URL (the `resourceOf` option), for traces. */
  resourceOf(url: string): string;
  /** Traces guarded writes (`undefined`: a random traceparent; `false`: none). */
  readonly tracer: WriteTracer | false | undefined;
}

/** Resolves the client's options into what its parts share. @internal */
export function clientContext(options: ConflictClientOptions): ClientContext {
  const registry = options.registry ?? createVersionRegistry(options.now ? { now: options.now } : {});
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const readAuthor = options.changeOf ?? readChangeInfo;
  const resolve = (url: string): string => {
    if (base === '' || /^[a-z][a-z\d+.-]*:/i.test(url)) return url;
    return `${base}/${url.replace(/^\/+/, '')}`;
  };
  const resourceOf = options.resourceOf ?? routeTemplate;
  const intentOptions = compact({ storage: options.intentStorage, generateKey: options.generateKey, now: options.now });
  const { versionField } = options;
  const changeOf = (value: unknown): ChangeAuthor => {
    try {
      return readAuthor(value);
    } catch {
      // An app's reader failing on an odd record must not hide the change itself.
      return {};
    }
  };
  return {
    registry,
    events: { report: undefined, resourceOf, now: options.now ?? Date.now },
    resourceOf,
    tracer: options.tracer,
    send: sendRequest(options),
    versionField,
    allowWeakETags: options.allowWeakETags === true,
    versionOptions: versionField !== undefined ? { versionField } : {},
    readers: options.readers,
    resolve,
    keyFor: (url, key) => hashRegistryKey(key ?? resolve(url)),
    keyOf: (record) => hashRegistryKey(record.key ?? resolve((record as { url: string }).url)),
    changeOf,
    markNewer: (key, validator, value) => {
      registry.markStale(key, { ...changeOf(value), latest: { validator, value } });
    },
    intent: (scope) => createIntent(scope, intentOptions),
  };
}
