// The UI bench page: renders the merge dialog and the staleness fan-out in
// real Chromium and exposes measurements to bench/ui.bench.ts on window.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, memo, useContext, useLayoutEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createVersionRegistry } from '../../src/advanced/index';
import { createConflictClient, type VersionRegistry } from '../../src/core/index';
import { ConflictKitProvider, useStaleness, type MergeRequest } from '../../src/react/index';
import { MergeDialog } from '../../src/ui/index';
import '../../src/ui/styles.css';
import { largeDocument, mergeRequest, wideRecord } from '../../stories/support/requests';

/** What a merge run measured, in ms from just before `root.render`. */
export interface MergeTiming {
  /** The first commit (layout effects ran). */
  readonly commit: number;
  /** The first frame after that commit was painted. */
  readonly paint: number;
  /** The first control is focused and a click on it was handled and committed. */
  readonly interactive: number;
  /** Every conflict is rendered (the dialog renders big merges in chunks after the first paint). */
  readonly complete: number;
  /** The longest main-thread task (≥ 50 ms, else 0) from render start to complete: how long input could wait. */
  readonly longestTask: number;
}

/** What a staleness run measured. */
export interface StalenessTiming {
  /** Row components rendered for one record's change. */
  readonly rowRenders: number;
  /** Whether the changed record's own row was among them. */
  readonly changedRowRendered: boolean;
  /** Renders of the list component itself. */
  readonly listRenders: number;
  /** ms from the change to its commit. */
  readonly ms: number;
}

export type MergeCase = 'document' | 'record';
export type MergeVariant = 'dialog' | 'baseline';
export type StalenessVariant = 'kit' | 'naive';

/** The API bench/ui.bench.ts drives. */
export interface UiBench {
  prepare(): { readonly documentLines: number; readonly documentConflicts: number; readonly recordConflicts: number; readonly mergeMs: Record<MergeCase, number> };
  merge(kind: MergeCase, variant: MergeVariant): Promise<MergeTiming>;
  mountStaleness(variant: StalenessVariant, rows: number): Promise<void>;
  changeOne(index: number): Promise<StalenessTiming>;
  unmountStaleness(): Promise<void>;
}

declare global {
  interface Window {
    uiBench: UiBench;
    uiBenchReady: boolean;
  }
}

/** A task after everything queued so far (MessageChannel: not clamped like setTimeout, runs after a pending paint). */
function tick(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}

/** After the next frame is painted: requestAnimationFrame runs before paint, a task posted from it runs after. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => void tick().then(resolve)));
}

async function until(test: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const start = performance.now();
  while (!test()) {
    if (performance.now() - start > limitMs) throw new Error(`Timed out after ${limitMs} ms waiting for ${what}.`);
    await tick();
  }
}

/** Calls `onCommit` in the commit phase of the first render (after its children's layout effects). */
function Commit({ onCommit, children }: { readonly onCommit: () => void; readonly children: ReactNode }): ReactNode {
  useLayoutEffect(onCommit, [onCommit]);
  return children;
}

// ---- merge dialog ------------------------------------------------------

const DOCUMENT_LINES = 10_000;
const RECORD_FIELDS = 1_000;
let requests: Record<MergeCase, MergeRequest<unknown>> | undefined;
let sides: { documentMine: string; recordMine: Record<string, string> } | undefined;

/** Median ms of `n` runs of `f`, and its last result. */
function timed<T>(f: () => T, n = 5): { value: T; ms: number } {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    value = f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { value: value as T, ms: times[n >> 1]! };
}

function prepare(): ReturnType<UiBench['prepare']> {
  const doc = largeDocument(DOCUMENT_LINES);
  const wrap = (content: string) => ({ id: 'D-1001', title: 'Finance runbook', content });
  const document = timed(() => mergeRequest({ base: wrap(doc.base), mine: wrap(doc.mine), theirs: wrap(doc.theirs) }, { text: ['/content'] }) as MergeRequest<unknown>);
  const record = wideRecord(RECORD_FIELDS);
  const recordRequest = timed(() => mergeRequest(record) as MergeRequest<unknown>);
  requests = { document: document.value, record: recordRequest.value };
  sides = { documentMine: doc.mine, recordMine: record.mine };
  return {
    documentLines: DOCUMENT_LINES,
    documentConflicts: document.value.merge.conflicts.reduce((n, c) => n + (c.text?.conflicts ?? 1), 0),
    recordConflicts: recordRequest.value.merge.conflicts.length,
    mergeMs: { document: document.ms, record: recordRequest.ms },
  };
}

/** The same 10,000 lines in a plain textarea: what any editor of this document costs at least. */
function TextareaBaseline({ text }: { readonly text: string }): ReactNode {
  return <textarea aria-label="Document" defaultValue={text} rows={30} cols={100} />;
}

/** A bare list of 1,000 labelled inputs: what any form of this record costs at least. */
function InputsBaseline({ record }: { readonly record: Record<string, string> }): ReactNode {
  return (
    <ul>
      {Object.entries(record).map(([key, value]) => (
        <li key={key}>
          <label>
            {key} <input defaultValue={value} />
          </label>
        </li>
      ))}
    </ul>
  );
}

const noop = (): void => undefined;

async function merge(kind: MergeCase, variant: MergeVariant): Promise<MergeTiming> {
  if (!requests || !sides) throw new Error('Call prepare() first.');
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  let committed = 0;
  const onCommit = (): void => {
    committed = performance.now();
  };
  const content =
    variant === 'dialog' ? (
      <MergeDialog request={requests[kind]} onResolve={noop} />
    ) : kind === 'document' ? (
      <TextareaBaseline text={sides.documentMine} />
    ) : (
      <InputsBaseline record={sides.recordMine} />
    );

  const tasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => void tasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  performance.mark(`${kind}-${variant}-start`);
  const start = performance.now();
  root.render(<Commit onCommit={onCommit}>{content}</Commit>);
  await until(() => committed > 0, 'the first commit');
  await afterPaint();
  const painted = performance.now();

  // The probe: the first control has (or takes) the focus, and a click on it is handled and committed.
  if (variant === 'dialog') {
    const dialog = host.querySelector('dialog');
    const radio = (): HTMLInputElement | null => host.querySelector<HTMLInputElement>('fieldset input[type="radio"]');
    await until(
      () => dialog?.open === true && radio() !== null && document.activeElement === radio()?.closest('fieldset'),
      'the dialog to open with the first conflict focused',
    );
    const first = radio()!;
    first.click();
    await until(() => first.checked && first.closest('fieldset')?.getAttribute('data-resolution') === 'mine', 'the click on the first choice to be committed');
  } else {
    const control = host.querySelector<HTMLElement>('textarea, input')!;
    control.focus();
    control.click();
    await until(() => document.activeElement === control, 'the first control to take focus');
  }
  const interactive = performance.now();
  performance.measure(`${kind}-${variant}`, `${kind}-${variant}-start`);
  if (variant === 'dialog') {
    const total = requests[kind].merge.conflicts.reduce((n, c) => n + (c.text?.conflicts ?? 1), 0);
    // Once a frame, on a live collection: polling harder would steal the main thread from the chunks being measured.
    const rendered = host.getElementsByTagName('fieldset');
    for (let frames = 0; rendered.length < total; frames += 1) {
      if (frames > 1_200) throw new Error(`Only ${rendered.length} of ${total} conflicts were rendered after 1,200 frames.`);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }
  const complete = performance.now();
  await afterPaint();
  tasks.push(...observer.takeRecords());
  observer.disconnect();
  const longestTask = Math.max(0, ...tasks.filter((t) => t.startTime >= start - 1).map((t) => t.duration));

  root.unmount();
  host.remove();
  await afterPaint();
  return { commit: committed - start, paint: painted - start, interactive: interactive - start, complete: complete - start, longestTask };
}

// ---- staleness fan-out -------------------------------------------------

const rowRenders: number[] = [];
let listRenders = 0;
let staleness: { root: ReturnType<typeof createRoot>; host: HTMLElement; registry: VersionRegistry; rows: number } | undefined;
const keyOf = (i: number): string => `tickets/T-${10_000 + i}`;

/** The kit's way: each row subscribes to its own record. */
const KitRow = memo(function KitRow({ index }: { readonly index: number }): ReactNode {
  const record = useMemo(() => ({ url: `/api/${keyOf(index)}`, key: keyOf(index), queryKey: [keyOf(index)] }), [index]);
  const { freshness } = useStaleness({ record });
  rowRenders[index] = (rowRenders[index] ?? 0) + 1;
  return <li data-index={index} data-freshness={freshness}>{keyOf(index)}</li>;
});

/** The naive way, for contrast: one subscription to every change, handed down by context. */
const RegistryVersion = createContext(0);
function useWholeRegistry(registry: VersionRegistry): number {
  return useSyncExternalStore(
    (onChange) => registry.subscribeAll(onChange),
    () => versionCounter.get(registry) ?? 0,
  );
}
const versionCounter = new WeakMap<VersionRegistry, number>();
const NaiveRow = memo(function NaiveRow({ index, registry }: { readonly index: number; readonly registry: VersionRegistry }): ReactNode {
  useContext(RegistryVersion);
  const freshness = registry.get(keyOf(index))?.freshness ?? 'unknown';
  rowRenders[index] = (rowRenders[index] ?? 0) + 1;
  return <li data-index={index} data-freshness={freshness}>{keyOf(index)}</li>;
});
function NaiveList({ registry, rows }: { readonly registry: VersionRegistry; readonly rows: number }): ReactNode {
  const version = useWholeRegistry(registry);
  return (
    <RegistryVersion.Provider value={version}>
      <NaiveRows registry={registry} rows={rows} />
    </RegistryVersion.Provider>
  );
}
const NaiveRows = memo(function NaiveRows({ registry, rows }: { readonly registry: VersionRegistry; readonly rows: number }): ReactNode {
  listRenders += 1;
  return <ul>{Array.from({ length: rows }, (_, i) => <NaiveRow key={i} index={i} registry={registry} />)}</ul>;
});
function KitList({ rows }: { readonly rows: number }): ReactNode {
  listRenders += 1;
  return <ul>{Array.from({ length: rows }, (_, i) => <KitRow key={i} index={i} />)}</ul>;
}

async function mountStaleness(variant: StalenessVariant, rows: number): Promise<void> {
  if (staleness) await unmountStaleness();
  const registry = createVersionRegistry();
  for (let i = 0; i < rows; i += 1) registry.record(keyOf(i), { validator: { etag: { weak: false, opaque: `v1-${i}` } }, base: { id: i } });
  if (variant === 'naive') {
    let n = 0;
    registry.subscribeAll(() => versionCounter.set(registry, ++n));
  }
  const client = createConflictClient({ registry });
  const queryClient = new QueryClient();
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  let committed = false;
  root.render(
    <QueryClientProvider client={queryClient}>
      <ConflictKitProvider client={client} broadcastChannel={false} revalidateOnFocus={false} revalidateOnReconnect={false}>
        <Commit onCommit={() => void (committed = true)}>
          {variant === 'kit' ? <KitList rows={rows} /> : <NaiveList registry={registry} rows={rows} />}
        </Commit>
      </ConflictKitProvider>
    </QueryClientProvider>,
  );
  await until(() => committed, 'the list to mount');
  await afterPaint();
  staleness = { root, host, registry, rows };
}

async function changeOne(index: number): Promise<StalenessTiming> {
  if (!staleness) throw new Error('Call mountStaleness() first.');
  const { host, registry } = staleness;
  rowRenders.fill(0);
  listRenders = 0;
  const row = host.querySelector<HTMLElement>(`[data-index="${index}"]`)!;
  const start = performance.now();
  registry.markStale(keyOf(index), { changedBy: 'Ana', changedAt: Date.now() });
  // useSyncExternalStore updates render synchronously in a microtask; poll cheaply.
  for (let i = 0; i < 1_000 && row.dataset['freshness'] !== 'stale'; i += 1) await Promise.resolve();
  if (row.dataset['freshness'] !== 'stale') await until(() => row.dataset['freshness'] === 'stale', `row ${index} to show stale`);
  const ms = performance.now() - start;
  await afterPaint();
  const result: StalenessTiming = {
    rowRenders: rowRenders.reduce((a, b) => a + b, 0),
    changedRowRendered: (rowRenders[index] ?? 0) > 0,
    listRenders,
    ms,
  };
  registry.markFresh(keyOf(index));
  await afterPaint();
  return result;
}

async function unmountStaleness(): Promise<void> {
  if (!staleness) return;
  staleness.root.unmount();
  staleness.host.remove();
  staleness = undefined;
  rowRenders.length = 0;
  await afterPaint();
}

window.uiBench = { prepare, merge, mountStaleness, changeOne, unmountStaleness };
window.uiBenchReady = true;
