import { RESOLUTION_OUTCOMES } from './parseTelemetryBatch';
import type { TelemetryRecord } from './telemetryLog';

/** One bar or slice: a label and how many. */
export interface Tally {
  readonly key: string;
  readonly count: number;
}

/** What the insights page shows, as `GET /api/insights` answers it. */
export interface Insights {
  /** The window, in ms since the epoch. */
  readonly from: number;
  readonly to: number;
  /** Width of one timeline bucket, in ms. */
  readonly bucketMs: number;
  /** Conflicts the server refused per route template, per bucket (start times in `buckets`). */
  readonly timeline: { readonly buckets: readonly number[]; readonly series: readonly { readonly resource: string; readonly counts: readonly number[] }[] };
  /** Client-reported conflicts by kind, most first. */
  readonly byKind: readonly Tally[];
  /** Client-reported conflicts by the server's reason, most first. */
  readonly byReason: readonly Tally[];
  /** How conflicts ended, every outcome in a fixed order (zeros included). */
  readonly resolutions: readonly Tally[];
  /** Time from detection to resolution; `null` percentiles when nothing was resolved. */
  readonly timeToResolve: { readonly count: number; readonly p50Ms: number | null; readonly p95Ms: number | null };
  /** The records the server refused most writes for. */
  readonly topRecords: readonly { readonly route: string; readonly recordId: string; readonly count: number }[];
  /** Totals in the window. */
  readonly totals: { readonly serverConflicts: number; readonly detected: number; readonly resolved: number; readonly replays: number };
}

/** Options for {@link aggregateInsights}. */
export interface AggregateInsightsOptions {
  /** End of the window, in ms since the epoch. */
  readonly now: number;
  /**
   * Length of the window, in ms.
   * @default 86_400_000 (24 hours)
   */
  readonly windowMs?: number;
  /**
   * Timeline buckets across the window.
   * @default 24
   */
  readonly buckets?: number;
  /**
   * Rows in `topRecords`.
   * @default 10
   */
  readonly top?: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function tallies(counts: Map<string, number>): Tally[] {
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);

/** Sums the telemetry of a window into what the insights page draws. */
export function aggregateInsights(records: readonly TelemetryRecord[], options: AggregateInsightsOptions): Insights {
  const windowMs = options.windowMs ?? 86_400_000;
  const bucketCount = options.buckets ?? 24;
  const to = options.now;
  const from = to - windowMs;
  const bucketMs = Math.ceil(windowMs / bucketCount);
  const buckets = Array.from({ length: bucketCount }, (_, i) => from + i * bucketMs);
  const perResource = new Map<string, number[]>();
  const byKind = new Map<string, number>();
  const byReason = new Map<string, number>();
  const resolutions = new Map<string, number>(RESOLUTION_OUTCOMES.map((outcome) => [outcome, 0]));
  const byRecord = new Map<string, { route: string; recordId: string; count: number }>();
  const durations: number[] = [];
  const totals = { serverConflicts: 0, detected: 0, resolved: 0, replays: 0 };

  for (const record of records) {
    if (record.at < from || record.at > to) continue;
    switch (record.type) {
      case 'server.outcome': {
        if (record.outcome === 'idempotent_replay') {
          totals.replays++;
          break;
        }
        totals.serverConflicts++;
        const index = Math.min(bucketCount - 1, Math.floor((record.at - from) / bucketMs));
        let counts = perResource.get(record.route);
        if (!counts) perResource.set(record.route, (counts = new Array<number>(bucketCount).fill(0)));
        counts[index] = (counts[index] ?? 0) + 1;
        if (record.recordId !== undefined) {
          const key = `${record.route} ${record.recordId}`;
          const row = byRecord.get(key) ?? { route: record.route, recordId: record.recordId, count: 0 };
          row.count++;
          byRecord.set(key, row);
        }
        break;
      }
      case 'conflict.detected':
        totals.detected++;
        bump(byKind, record.kind);
        bump(byReason, record.reason);
        break;
      case 'conflict.resolved':
        totals.resolved++;
        bump(resolutions, record.outcome);
        durations.push(record.durationMs);
        break;
      default:
        break;
    }
  }
  durations.sort((a, b) => a - b);
  return {
    from,
    to,
    bucketMs,
    timeline: {
      buckets,
      series: [...perResource].sort(([a], [b]) => a.localeCompare(b)).map(([resource, counts]) => ({ resource, counts })),
    },
    byKind: tallies(byKind),
    byReason: tallies(byReason),
    resolutions: RESOLUTION_OUTCOMES.map((key) => ({ key, count: resolutions.get(key) ?? 0 })),
    timeToResolve: { count: durations.length, p50Ms: percentile(durations, 50), p95Ms: percentile(durations, 95) },
    topRecords: [...byRecord.values()].sort((a, b) => b.count - a.count || a.recordId.localeCompare(b.recordId)).slice(0, options.top ?? 10),
    totals,
  };
}
