import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's "Drop it into an existing app" diff must stay true: both of its
// sides are these two files, which the project's typecheck compiles.
const here = import.meta.dirname;
const readme = readFileSync(join(here, '../../README.md'), 'utf8');

/** The first ```diff block after the heading. */
function diffUnder(heading: string): string {
  const start = readme.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const block = /```diff\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error(`no diff block under "## ${heading}"`);
  return block[1]!;
}

/** One side of a whole-file unified diff. */
function side(diff: string, keep: '-' | '+'): string {
  return diff
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('@@') && !line.startsWith('---') && !line.startsWith('+++'))
    .filter((line) => line[0] === ' ' || line[0] === keep)
    .map((line) => line.slice(1))
    .join('\n');
}

describe('README: Drop it into an existing app', () => {
  const diff = diffUnder('Drop it into an existing app');

  it('starts from the plain useQuery/useMutation app (test/readme/plainApp.tsx)', () => {
    expect(side(diff, '-')).toBe(readFileSync(join(here, 'plainApp.tsx'), 'utf8').trimEnd());
  });

  it('ends at the app with the kit (test/readme/keptApp.tsx)', () => {
    expect(side(diff, '+')).toBe(readFileSync(join(here, 'keptApp.tsx'), 'utf8').trimEnd());
  });

  it('quotes the forms-and-routers excerpt verbatim from the example, which the typecheck compiles', () => {
    const start = readme.indexOf('### Forms and routers');
    const excerpt = /```tsx\n([\s\S]*?)```/.exec(readme.slice(start))![1]!.trimEnd();
    const source = readFileSync(join(here, '../../examples/react-router-hook-form/src/routes/EditTicket.tsx'), 'utf8');
    const lines = excerpt.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(source.split('\n')).toContain(line);
  });
});
