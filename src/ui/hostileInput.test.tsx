import { cleanup, render } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyConflict, mergeRecords, type Conflict, type DuplicateConflict, type StaleConflict, type TransitionConflict } from '../core/index';
import { HOSTILE_STRINGS, responseSpec, toResponse } from '../../test/fuzz/hostileResponses';
import { DuplicatePrompt } from './DuplicatePrompt';
import { MergeDialog } from './MergeDialog';
import { TransitionDialog } from './TransitionDialog';

// jsdom has no CSS.escape.
globalThis.CSS ??= { escape: (value: string) => value.replace(/["\\]/g, '\\$&') } as unknown as typeof CSS;

beforeEach(() => {
  // Each dialog logs one line for support; thousands of them would drown the run's output.
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const INJECTED = 'script, img, svg, iframe, object, embed, style, link, meta, base, form';
// Short enough for jsdom to render quickly; the 1 MB strings are the classifier's business (test/fuzz).
const SHORT_HOSTILE = HOSTILE_STRINGS.filter((s) => s.length < 1_000);

/** Nothing the server sent became markup: no injected elements, no inline handlers, no script URLs. */
function expectInert(container: HTMLElement): void {
  expect(container.querySelectorAll(INJECTED)).toHaveLength(0);
  for (const element of container.querySelectorAll('*')) {
    for (const attribute of element.getAttributeNames()) expect(attribute.startsWith('on'), `${element.tagName} ${attribute}`).toBe(false);
  }
  for (const link of container.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href') ?? '';
    expect(href, 'a link to server-supplied text').toMatch(/^(https?:\/\/|\/(?!\/))/i);
  }
}

function renderConflict(conflict: Conflict): HTMLElement | undefined {
  switch (conflict.kind) {
    case 'duplicate':
      return render(<DuplicatePrompt request={{ conflict }} onResolve={vi.fn()} />).baseElement;
    case 'transition':
      return render(<TransitionDialog request={{ conflict, attempted: '<b>cancel</b>' }} onResolve={vi.fn()} />).baseElement;
    case 'stale': {
      const theirs = conflict.current !== null && typeof conflict.current === 'object' && !Array.isArray(conflict.current) ? conflict.current : { title: '<i>theirs</i>' };
      const base = { title: 'base', notes: 'a\nb\n' };
      const mine = { title: '<script>alert("mine")</script>', notes: 'a\n<img src=x onerror=alert(1)>\nb\n' };
      const merge = mergeRecords<unknown>(base, mine, theirs, { text: ['/notes'] });
      return render(<MergeDialog request={{ key: 'hostile', conflict, base, mine, theirs, merge }} onResolve={vi.fn()} />).baseElement;
    }
    default:
      return undefined;
  }
}

describe('the inertness check', () => {
  it('fails on markup that became elements, an inline handler or a script URL', () => {
    const injected = render(<div dangerouslySetInnerHTML={{ __html: '<img src=x>' }} />).baseElement;
    expect(() => expectInert(injected)).toThrow();
    cleanup();
    const handler = render(<div dangerouslySetInnerHTML={{ __html: '<span onclick="alert(1)">x</span>' }} />).baseElement;
    expect(() => expectInert(handler)).toThrow();
    cleanup();
    const link = render(<a href="javascript:alert(1)">x</a>).baseElement;
    expect(() => expectInert(link)).toThrow();
  });
});

describe('dialogs render hostile conflicts as text', () => {
  // FUZZ_RUNS=150 for a quick local run.
  const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
  it(`renders ${runs} generated hostile conflict responses, classified by the kit, without injecting any markup`, async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let rendered = 0;
    await fc.assert(
      fc.asyncProperty(responseSpec(fc.constantFrom(409, 412, 422)), fc.boolean(), async (spec, create) => {
        const conflict = await classifyConflict(toResponse(spec), {
          request: { method: create ? 'POST' : 'PUT', url: 'https://api.test/orders/1', headers: new Headers(create ? { 'idempotency-key': '"k"' } : { 'if-match': '"v1"' }) },
        });
        const container = renderConflict(conflict);
        if (container) {
          rendered++;
          expectInert(container);
        }
        cleanup();
      }),
      { numRuns: runs, seed: 99 },
    );
    expect(rendered).toBeGreaterThan(runs / 3);
  }, 120_000 + runs * 100);

  it.each(SHORT_HOSTILE.map((s) => [JSON.stringify(s).slice(0, 40), s] as const))('shows %s in every field of every dialog as literal text', (_label, hostile) => {
    const duplicate: DuplicateConflict = { kind: 'duplicate', status: 409, source: 'test', existing: hostile, detail: hostile, title: hostile, requestId: hostile, current: { id: hostile, title: hostile } };
    const transition: TransitionConflict = { kind: 'transition', status: 409, source: 'test', currentState: hostile, allowedTransitions: [hostile, 'paid'], detail: hostile, requestId: hostile };
    const record = { title: hostile, [hostile]: hostile, notes: `${hostile}\n` };
    const stale: StaleConflict = { kind: 'stale', status: 412, source: 'test', current: record, detail: hostile, requestId: hostile };
    for (const conflict of [duplicate, transition, stale] as const) {
      const container = renderConflict(conflict);
      expect(container).toBeDefined();
      if (!container) continue;
      expectInert(container);
      // Markup in what the dialog shows arrives as characters, never as elements.
      if (conflict.kind === 'transition') expect(container.textContent).toContain('<b>cancel</b>');
      cleanup();
    }
  });
});
