import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, type ReactNode } from 'react';
import uPlot from 'uplot';
import type { Insights, Tally } from '../../../server/aggregateInsights';
import { HttpError } from '../../../../src/core/index';
import { actorHeaders } from '../api';
import { ListState } from '../components/ListState';
import { UPlotChart, type ChartColors } from '../components/UPlotChart';
import { demoFetch } from '../demoFetch';
import { Link } from '../router/Link';
import { usePageTitle } from '../usePageTitle';

const OUTCOME_LABELS: Record<string, string> = {
  'auto-merged': 'Merged automatically',
  'kept-mine': 'Kept mine',
  'kept-theirs': 'Kept theirs',
  mixed: 'Mixed',
  'adopted-existing': 'Adopted existing',
  'transition-chosen': 'Other step chosen',
  cancelled: 'Cancelled',
  'abandoned-draft': 'Draft abandoned',
};

const KIND_LABELS: Record<string, string> = {
  edit: 'Edited by someone else',
  duplicate: 'Already created',
  transition: 'Step no longer allowed',
  'precondition-required': 'Saved without a version',
  other: 'Other',
};

/** `/api/tickets/:id` → "Tickets". */
function resourceLabel(route: string): string {
  const name = route.split('/')[2] ?? route;
  return name ? name[0]!.toUpperCase() + name.slice(1) : route;
}

async function fetchInsights(signal: AbortSignal): Promise<Insights> {
  const response = await demoFetch('/api/insights?hours=24', { headers: actorHeaders(), signal });
  if (!response.ok) throw new HttpError(response.status, { method: 'GET', url: '/api/insights' }, response.statusText || undefined, response.headers.get('x-request-id') ?? undefined);
  return (await response.json()) as Insights;
}

const seconds = (ms: number | null): string => (ms === null ? '—' : ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`);
const summary = (bars: readonly (readonly [string, number])[]): string =>
  bars.length === 0 ? 'none yet' : bars.map(([name, count]) => `${name} ${count}`).join(', ');

const LABEL_FONT = '12px system-ui';
let measure: CanvasRenderingContext2D | null | undefined;
/** How wide a label is drawn on a chart axis, in CSS pixels. */
function textWidth(text: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return 7 * text.length;
  measure.font = LABEL_FONT;
  return Math.ceil(measure.measureText(text).width);
}

/** Category bars laid on their side, so every label reads horizontally in full, at any width. */
function barOptions(labels: readonly string[], title: string) {
  return (width: number, colors: ChartColors): uPlot.Options => {
    // As wide as the longest label, never more than 60% of the chart.
    const labelWidth = Math.min(Math.round(width * 0.6), 16 + Math.max(24, ...labels.map(textWidth)));
    return {
      width,
      height: 36 + 30 * Math.max(1, labels.length),
      padding: [8, 16, 0, 0],
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, ori: 1, dir: -1, range: [-0.5, labels.length - 0.5] },
        y: { ori: 0, range: (_u, _min, max) => [0, Math.max(1, max)] },
      },
      axes: [
        { side: 3, stroke: colors.text, grid: { show: false }, ticks: { show: false }, splits: () => labels.map((_, i) => i), values: () => [...labels], size: labelWidth, font: LABEL_FONT },
        { side: 2, stroke: colors.text, grid: { stroke: colors.grid }, ticks: { stroke: colors.grid }, font: '12px system-ui', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
      ],
      series: [{}, { label: title, fill: colors.series[0] ?? colors.text, stroke: colors.series[0] ?? colors.text, paths: uPlot.paths.bars!({ size: [0.6, 24] }), points: { show: false } }],
    };
  };
}

function BarChart({ tallies, label, title }: { readonly tallies: readonly Tally[]; readonly label: (key: string) => string; readonly title: string }): ReactNode {
  // Keys that read the same (a code and the kind it means) make one bar.
  const bars = useMemo(() => {
    const counts = new Map<string, number>();
    for (const t of tallies) counts.set(label(t.key), (counts.get(label(t.key)) ?? 0) + t.count);
    return [...counts];
  }, [tallies, label]);
  const labels = useMemo(() => bars.map(([name]) => name), [bars]);
  const data = useMemo<uPlot.AlignedData>(() => [bars.map((_, i) => i), bars.map(([, count]) => count)], [bars]);
  const options = useMemo(() => barOptions(labels, title), [labels, title]);
  return <UPlotChart options={options} data={data} label={`${title}: ${summary(bars)}.`} />;
}

function Timeline({ insights }: { readonly insights: Insights }): ReactNode {
  const { buckets, series } = insights.timeline;
  const data = useMemo<uPlot.AlignedData>(() => [buckets.map((at) => at / 1_000), ...series.map((s) => [...s.counts])], [buckets, series]);
  const options = useCallback(
    (width: number, colors: ChartColors): uPlot.Options => ({
      width,
      height: 220,
      legend: { show: false },
      scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { stroke: colors.text, grid: { stroke: colors.grid }, ticks: { stroke: colors.grid }, font: '12px system-ui' },
        { stroke: colors.text, grid: { stroke: colors.grid }, ticks: { stroke: colors.grid }, font: '12px system-ui', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
      ],
      series: [
        {},
        ...series.map((s, i) => ({ label: resourceLabel(s.resource), stroke: colors.series[i % colors.series.length] ?? colors.text, width: 2, points: { size: 6 } })),
      ],
    }),
    [series],
  );
  const totals = series.map((s) => `${resourceLabel(s.resource)} ${s.counts.reduce((a, b) => a + b, 0)}`).join(', ');
  return (
    <>
      <UPlotChart options={options} data={data} label={`Conflicts per resource, hour by hour over the last 24 hours: ${totals || 'none yet'}.`} />
      <ul className="demo-legend" aria-label="Resources">
        {series.map((s, i) => (
          <li key={s.resource}>
            <span className="demo-legend-swatch" data-series={(i % 6) + 1} aria-hidden="true" />
            {resourceLabel(s.resource)} <code>{s.resource}</code>: {s.counts.reduce((a, b) => a + b, 0)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Where a record of a route lives in the demo, when it has a page. */
function recordPath(route: string, id: string): string | undefined {
  const resource = route.split('/')[2];
  return resource === 'tickets' || resource === 'orders' || resource === 'documents' ? `/${resource}/${id}` : undefined;
}

const outcomeLabel = (key: string): string => OUTCOME_LABELS[key] ?? key;
const kindLabel = (key: string): string => KIND_LABELS[key] ?? key;
/**
 * The reasons the reference server gives, and the conflict kinds a client
 * reports when the server gave no code, in words (one label may gather
 * several); another server's codes are shown as words of the code.
 */
const REASON_LABELS: Record<string, string> = {
  version_mismatch: 'Newer version on server',
  stale: 'Newer version on server',
  precondition_failed: 'Version check failed',
  'precondition-required': 'Saved without a version',
  duplicate: 'Created already',
  transition: 'Step no longer allowed',
  'idempotency-in-flight': 'Retry while first ran',
  'idempotency-mismatch': 'Key reused, other input',
  deleted: 'Deleted meanwhile',
  unknown: 'Not understood',
  precondition_required: 'Saved without a version',
  duplicate_external_id: 'Same external ID again',
  already_exists: 'Created already',
  invalid_transition: 'Step no longer allowed',
  idempotency_key_in_use: 'Retry while first ran',
  idempotency_key_reused: 'Key reused, other input',
};
const reasonLabel = (key: string): string => REASON_LABELS[key] ?? key.replaceAll('_', ' ');

/** Conflicts of the last 24 hours: where, what kind, how they ended, how long they took, and which records. */
export function InsightsPage(): ReactNode {
  usePageTitle('Insights');
  const query = useQuery({ queryKey: ['insights'], queryFn: ({ signal }) => fetchInsights(signal), refetchInterval: 5_000 });
  const insights = query.data;
  return (
    <section className="demo-panel demo-insights" aria-labelledby="insights-title">
      <h1 id="insights-title">Conflict insights</h1>
      <p className="demo-insights-muted">The last 24 hours: what the server refused, and what people did about it.</p>
      <ListState what="insights" query={query} />
      {insights ? (
        <>
          <dl className="demo-stats">
            <div>
              <dt>Conflicts</dt>
              <dd data-testid="insights-conflicts">{insights.totals.serverConflicts}</dd>
            </div>
            <div>
              <dt>Resolved</dt>
              <dd data-testid="insights-resolved">{insights.totals.resolved}</dd>
            </div>
            <div>
              <dt>Time to resolve, median</dt>
              <dd data-testid="insights-p50">{seconds(insights.timeToResolve.p50Ms)}</dd>
            </div>
            <div>
              <dt>Time to resolve, 95th percentile</dt>
              <dd data-testid="insights-p95">{seconds(insights.timeToResolve.p95Ms)}</dd>
            </div>
          </dl>

          <figure className="demo-figure">
            <figcaption>Conflicts per resource over time</figcaption>
            <Timeline insights={insights} />
          </figure>

          <div className="demo-figure-grid">
            <figure className="demo-figure">
              <figcaption>How conflicts ended</figcaption>
              <BarChart tallies={insights.resolutions} label={outcomeLabel} title="How conflicts ended" />
            </figure>
            <figure className="demo-figure">
              <figcaption>By kind</figcaption>
              <BarChart tallies={insights.byKind} label={kindLabel} title="Conflicts by kind" />
            </figure>
            <figure className="demo-figure">
              <figcaption>By reason</figcaption>
              <BarChart tallies={insights.byReason} label={reasonLabel} title="Conflicts by reason" />
            </figure>
          </div>

          <h2>Records with the most conflicts</h2>
          {insights.topRecords.length === 0 ? (
            <p className="demo-insights-muted">No conflicts in the last 24 hours.</p>
          ) : (
            <ol className="demo-top-records" aria-label="Records with the most conflicts">
              {insights.topRecords.map((row) => {
                const path = recordPath(row.route, row.recordId);
                return (
                  <li key={`${row.route} ${row.recordId}`}>
                    {path ? <Link to={path}>{row.recordId}</Link> : row.recordId}{' '}
                    <span className="demo-insights-muted">
                      ({resourceLabel(row.route)}): {row.count} {row.count === 1 ? 'conflict' : 'conflicts'}
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
        </>
      ) : null}
    </section>
  );
}
