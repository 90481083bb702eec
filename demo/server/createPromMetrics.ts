import { Counter, Histogram, Registry } from 'prom-client';
import { createConflictMetrics, type CounterLike, type MeterLike } from '../../src/server';
import type { DemoMetrics } from './demoMetrics';

/** Most distinct `resource` label values taken from clients; later ones count as `other`, so a hostile page cannot explode the series. */
export const MAX_CLIENT_RESOURCES = 100;

/** Seconds buckets of the time-to-resolve histogram: from an instant auto-merge to a quarter of an hour in a dialog. */
const RESOLVE_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];

/**
 * An OpenTelemetry-shaped meter over a prom-client registry: names as the
 * OpenTelemetry Prometheus exporter writes them (dots become underscores,
 * counters end in `_total`). A counter takes its label names from its first
 * use; the kit's counters always carry the same attributes.
 */
export function promMeter(registry: Registry): MeterLike {
  return {
    createCounter(name, options): CounterLike {
      let counter: Counter | undefined;
      let labels: string[] = [];
      return {
        add(value, attributes = {}) {
          if (!counter) {
            labels = Object.keys(attributes).sort();
            counter = new Counter({
              name: `${name.replace(/[^A-Za-z0-9_]/g, '_')}_total`,
              help: options?.description ?? name,
              labelNames: labels,
              registers: [registry],
            });
          }
          counter.inc(Object.fromEntries(labels.map((label) => [label, String(attributes[label] ?? '')])), value);
        },
      };
    },
  };
}

/** The reference server's metrics, as Prometheus text: conflict-kit/server's counter, writes, and what clients reported. */
export function createPromMetrics(): DemoMetrics & { readonly registry: Registry } {
  const registry = new Registry();
  const writes = new Counter({
    name: 'conflict_kit_server_writes_total',
    help: 'Writes the reference API answered, by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const events = new Counter({
    name: 'conflict_kit_client_events_total',
    help: 'Conflict events clients reported to POST /api/telemetry, by type, kind and route template',
    labelNames: ['type', 'kind', 'resource'],
    registers: [registry],
  });
  const resolutions = new Counter({
    name: 'conflict_kit_client_resolutions_total',
    help: 'Conflicts clients reported resolved, by outcome, kind and route template',
    labelNames: ['outcome', 'kind', 'resource'],
    registers: [registry],
  });
  const timeToResolve = new Histogram({
    name: 'conflict_kit_client_time_to_resolve_seconds',
    help: 'Time from a conflict detected to resolved, as clients reported it',
    labelNames: ['kind', 'outcome'],
    buckets: RESOLVE_BUCKETS,
    registers: [registry],
  });
  const batches = new Counter({
    name: 'conflict_kit_telemetry_batches_total',
    help: 'Batches sent to POST /api/telemetry, accepted or refused',
    labelNames: ['result'],
    registers: [registry],
  });
  const resources = new Set<string>();
  const resourceLabel = (resource: string): string => {
    if (resources.has(resource)) return resource;
    if (resources.size >= MAX_CLIENT_RESOURCES) return 'other';
    resources.add(resource);
    return resource;
  };
  return {
    registry,
    conflicts: createConflictMetrics(promMeter(registry)),
    write(route, method, status) {
      writes.inc({ route, method: method.toUpperCase(), status: String(status) });
    },
    collected(list) {
      for (const event of list) {
        const resource = resourceLabel(event.resource);
        events.inc({ type: event.type, kind: event.kind, resource });
        if (event.type === 'conflict.resolved') {
          resolutions.inc({ outcome: event.outcome, kind: event.kind, resource });
          timeToResolve.observe({ kind: event.kind, outcome: event.outcome }, event.durationMs / 1000);
        }
      }
    },
    telemetryBatch(result) {
      batches.inc({ result });
    },
    async exposition() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
