#!/usr/bin/env node
// Checks the package as a user receives it: packs it, lints the tarball
// (publint, Are the Types Wrong), imports every entry by name from a
// consumer folder (printing how many runtime values each exports),
// type-checks a `--module nodenext` consumer, proves the framework-agnostic
// entries carry no React and the library loads nothing with import(),
// compares the API reports (etc/api) and measures the typical app's size.
// Writes `{ passed, failed }`.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runApiReports } from './apiReport.mjs';

const require = createRequire(import.meta.url);

const reportFile = process.argv[2] ?? 'reports/package.json';
const reportDir = dirname(reportFile);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const entries = Object.keys(pkg.exports).filter((e) => e !== './package.json' && !e.endsWith('.css'));
const specOf = (e) => (e === '.' ? 'conflict-kit' : `conflict-kit/${e.slice(2)}`);
const distName = (e) => pkg.exports[e].replace(/^\.\/dist\//, '').replace(/\.js$/, '');
/** Entries imported for their side effect only (conflict-kit/wasm), which may export nothing. */
const sideEffectOnly = new Set(entries.filter((e) => pkg.sideEffects.includes(pkg.exports[e])));
// Inside the project, so the consumer resolves the package's own dependencies
// (zustand) and peers from node_modules as an app would.
const work = resolve('.cache/package-check');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules/conflict-kit'), { recursive: true });
// Its own package scope: inside the project, `conflict-kit` would otherwise
// resolve to the project itself (a package may import itself by name).
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'package-check', private: true, type: 'module' }));

const results = [];
function check(name, fn) {
  try {
    const detail = fn();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name}${detail ? ` — ${detail}` : ''}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  ✘ ${name}\n${String(error.stdout ?? '')}${String(error.stderr ?? '')}${error.message}`);
  }
}
const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe', ...opts });

const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work]))[0];
const tarball = join(work, packed.filename);
console.log(`  packed ${packed.filename}: ${packed.files.length} files, ${(packed.size / 1024).toFixed(1)} kB`);
sh('tar', ['-xzf', tarball, '-C', join(work, 'node_modules/conflict-kit'), '--strip-components=1']);

check('publint finds no problem in the tarball', () => {
  const out = sh('npx', ['publint', 'run', tarball, '--level', 'suggestion', '--strict']);
  if (!/All good/i.test(out)) throw new Error(out);
});

check('Are the Types Wrong finds no problem (ESM-only profile)', () => {
  // The stylesheet is not a module; attw would report it as unresolvable types.
  sh('npx', ['attw', tarball, '--profile', 'esm-only', '--exclude-entrypoints', './styles.css', '--format', 'ascii', '--no-color']);
});

const runtimeValues = {};
check('every entry imports by name in Node (runtime values per entry)', () => {
  const lines = entries.map((e, i) => {
    const spec = specOf(e);
    const empty = sideEffectOnly.has(e) ? '' : `if (Object.keys(m${i}).length === 0) throw new Error(${JSON.stringify(`${spec} exports nothing`)});`;
    return `const m${i} = await import(${JSON.stringify(spec)});\n${empty}\ncounts[${JSON.stringify(distName(e))}] = Object.keys(m${i}).length;`;
  });
  writeFileSync(join(work, 'import.mjs'), `const counts = {};\n${lines.join('\n')}\nconsole.log(JSON.stringify(counts));\n`);
  Object.assign(runtimeValues, JSON.parse(sh('node', ['import.mjs'], { cwd: work })));
  return Object.entries(runtimeValues).map(([name, n]) => `${name} ${n}`).join(', ');
});

check('a --module nodenext consumer type-checks against the bundled declarations', () => {
  const imports = entries
    .map((e, i) =>
      sideEffectOnly.has(e) ? `import '${specOf(e)}';` : `import * as e${i} from '${specOf(e)}';\nexport const k${i}: string[] = Object.keys(e${i});`,
    )
    .join('\n');
  const consumer = `${imports}
import type { Conflict } from 'conflict-kit/core';
import { parseETag, buildIfMatch } from 'conflict-kit/advanced';
const tag = parseETag('"v1"');
const header: string | undefined = buildIfMatch(tag).ok ? 'ok' : undefined;
export function describe(c: Conflict): string {
  switch (c.kind) {
    case 'stale': return 'stale';
    case 'duplicate': return c.existing ?? 'duplicate';
    case 'transition': return c.allowedTransitions.join(',');
    default: return c.kind;
  }
}
export { header };
import { useGuardedSave, useVersionedQuery } from 'conflict-kit/react';
import { MergeDialog } from 'conflict-kit/ui';
export const hooks: unknown[] = [useGuardedSave, useVersionedQuery, MergeDialog];
`;
  writeFileSync(join(work, 'consumer.mts'), consumer);
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true,
        noEmit: true, skipLibCheck: false, lib: ['es2023', 'dom', 'dom.iterable'], types: [], jsx: 'react-jsx',
      },
      files: ['consumer.mts'],
    }),
  );
  sh(resolve('node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: work });
});

const dist = join(work, 'node_modules/conflict-kit/dist');

/**
 * The entry and every module or chunk it imports, statically or dynamically,
 * transitively (paths relative to dist/; the build may nest them in folders).
 */
function filesOf(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(relative(dist, resolve(dist, dirname(file), m[1])));
    }
  };
  visit(`${entry}.js`);
  return [...seen];
}

// Layers are law, in the shipped code too.
const frameworkAgnostic = { what: 'React, React Query, Hono or Node built-ins', patterns: [/from\s*["']react/, /from\s*["']@tanstack\//, /from\s*["']hono/, /from\s*["']node:/] };
const forbidden = {
  core: frameworkAgnostic,
  advanced: frameworkAgnostic,
  wasm: frameworkAgnostic,
  couchdb: frameworkAgnostic,
  azure: frameworkAgnostic,
  telemetry: frameworkAgnostic,
  otel: frameworkAgnostic,
  server: { what: 'React, React Query, better-sqlite3 or Node built-ins', patterns: [/from\s*["']react/, /from\s*["']@tanstack\//, /from\s*["']better-sqlite3/, /from\s*["']node:/] },
};
for (const [entry, { what, patterns }] of Object.entries(forbidden)) {
  check(`dist/${entry}.js and its chunks import no ${what}`, () => {
    const files = filesOf(entry);
    for (const file of files) {
      const code = readFileSync(join(dist, file), 'utf8');
      for (const p of patterns) if (p.test(code)) throw new Error(`${file} matches ${p}`);
    }
    return `${files.length} file(s)`;
  });
}

check('only conflict-kit/otel (and the server helpers) load @opentelemetry/api, an optional peer', () => {
  const loading = entries
    .map(distName)
    .filter((name) => name !== 'otel' && name !== 'server')
    .filter((name) => filesOf(name).some((f) => /from\s*["']@opentelemetry\//.test(readFileSync(join(dist, f), 'utf8'))));
  if (loading.length) throw new Error(`dist/${loading.join(', dist/')}.js load @opentelemetry/api`);
  if (!filesOf('otel').some((f) => /from\s*["']@opentelemetry\/api["']/.test(readFileSync(join(dist, f), 'utf8')))) throw new Error('dist/otel.js does not load @opentelemetry/api');
  return 'otel only';
});

check("the entries that load React start with 'use client' (React Server Components)", () => {
  const client = entries.map(distName).filter((name) => filesOf(name).some((f) => /from\s*["']react/.test(readFileSync(join(dist, f), 'utf8'))));
  for (const name of client) {
    const head = readFileSync(join(dist, `${name}.js`), 'utf8').trimStart().slice(0, 20);
    if (!/^["']use client["'];/.test(head)) throw new Error(`dist/${name}.js starts with ${JSON.stringify(head)}`);
  }
  return client.join(', ');
});

/** Every built JS file, relative to dist/. */
const builtFiles = (dir = dist) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? builtFiles(join(dir, d.name)) : d.name.endsWith('.js') ? [relative(dist, join(dir, d.name))] : [],
  );

check('the library loads nothing lazily: no dynamic import() in the built files', () => {
  const files = builtFiles();
  const lazy = files.filter((f) => /(?<![\w$.])import\s*\(\s*["'`]/.test(readFileSync(join(dist, f), 'utf8')));
  if (lazy.length) throw new Error(`import() in ${lazy.join(', ')}`);
  return `${files.length} file(s)`;
});

check('only conflict-kit/wasm carries the WebAssembly modules', () => {
  // "\0asm" in base64: every embedded WebAssembly module starts with it.
  const carriers = builtFiles().filter((f) => /["'`]AGFzbQ/.test(readFileSync(join(dist, f), 'utf8')));
  const outside = carriers.filter((f) => !filesOf('wasm').includes(f));
  if (carriers.length === 0) throw new Error('no built file carries a WebAssembly module');
  for (const entry of entries.map(distName).filter((n) => n !== 'wasm')) {
    const reached = filesOf(entry).filter((f) => carriers.includes(f));
    if (reached.length) throw new Error(`dist/${entry}.js reaches ${reached.join(', ')}`);
  }
  if (outside.length) throw new Error(`${outside.join(', ')} outside the wasm entry`);
  return carriers.join(', ');
});

check('the API reports (etc/api) match the built declarations', () => {
  const { changed, errors } = runApiReports({ update: false });
  if (errors.length) throw new Error(errors.join('\n'));
  if (changed.length) throw new Error(`the public API changed (${changed.join(', ')}): run \`npm run api:report\` and commit etc/api`);
  return `${entries.length} report(s)`;
});

check('conflict-kit/styles.css resolves to the stylesheet', () => {
  const css = readFileSync(join(work, 'node_modules/conflict-kit', pkg.exports['./styles.css']), 'utf8');
  if (!css.includes('--ck-')) throw new Error('the stylesheet defines no --ck-* custom properties');
});

// Size as an app pays for it: minified, gzipped, peers external, from the
// packed package. Per entry, everything it exports (esbuild, one file). The
// typical app (scripts/typicalApp.mjs) is bundled by Vite, as an app would
// be: into one file, which must stay within the budget in etc/size-budget.json
// (`SIZE_CEILING` in kB overrides), a guard against growth while the target
// of 30 kB is not met; and with the dialogs split off by the app with
// React.lazy, reported as loaded first / in all.
const peers = /^(react|react-dom|@tanstack\/react-query|@opentelemetry\/api)($|\/)/;
const budget = JSON.parse(readFileSync('etc/size-budget.json', 'utf8'));
const ceiling = Number(process.env.SIZE_CEILING ?? budget.typicalAppOneFileKB) * 1024;
const goal = budget.targetKB * 1024;
const gz = (code) => gzipSync(code, { level: 9 }).length;
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const sizes = { entries: {}, typicalApp: {} };
check('sizes per entry (everything exported) are measured', () => {
  const { buildSync } = require('esbuild');
  for (const e of entries.filter((x) => !sideEffectOnly.has(x))) {
    const out = buildSync({
      stdin: { contents: `export * from ${JSON.stringify(specOf(e))};`, resolveDir: work, loader: 'js' },
      bundle: true, minify: true, format: 'esm', write: false, external: ['react', 'react-dom', 'react/*', 'react-dom/*', '@tanstack/react-query', '@opentelemetry/api'], logLevel: 'silent',
    });
    sizes.entries[distName(e)] = gz(out.outputFiles[0].contents);
  }
  return Object.entries(sizes.entries).map(([e, b]) => `${e} ${kB(b)}`).join(', ');
});

copyFileSync('scripts/typicalApp.mjs', join(work, 'typical-app.mjs'));
const { build: viteBuild } = await import('vite');
/** Bundles the typical app with its dialogs module as given; returns the chunks. */
async function bundleTypicalApp(dialogs, oneFile) {
  for (const [file, code] of Object.entries(dialogs)) writeFileSync(join(work, file), code);
  const result = await viteBuild({
    configFile: false,
    root: work,
    logLevel: 'silent',
    mode: 'production',
    build: {
      write: false, minify: true, sourcemap: false, copyPublicDir: false, modulePreload: false, reportCompressedSize: false,
      rolldownOptions: {
        input: join(work, 'typical-app.mjs'),
        external: (id) => peers.test(id),
        // An app's entry renders; this one exports what it uses, which must survive tree-shaking.
        preserveEntrySignatures: 'exports-only',
        output: { codeSplitting: !oneFile },
      },
    },
  });
  return (Array.isArray(result) ? result[0] : result).output.filter((c) => c.type === 'chunk');
}
const eagerDialogs = { 'dialogs.mjs': "export { ConflictDialogs } from 'conflict-kit/ui';\n" };
const lazyDialogs = {
  'dialogs.mjs': "import { lazy } from 'react';\nexport const ConflictDialogs = lazy(() => import('./dialogs-chunk.mjs'));\n",
  'dialogs-chunk.mjs': "export { ConflictDialogs as default } from 'conflict-kit/ui';\n",
};
let oneFile;
let split;
try {
  oneFile = await bundleTypicalApp(eagerDialogs, true);
  split = await bundleTypicalApp(lazyDialogs, false);
} catch (error) {
  console.log(`  could not bundle the typical app: ${error.message}`);
}
check(`the typical app bundled by Vite into one file is at most ${kB(ceiling)} min+gzip (the budget; target ${kB(goal)})`, () => {
  if (!oneFile) throw new Error('the typical app did not bundle');
  if (oneFile.length !== 1) throw new Error(`${oneFile.length} files instead of one`);
  const bytes = gz(oneFile[0].code);
  sizes.typicalApp.oneFile = bytes;
  const line = `typical app ${kB(bytes)} in one file`;
  if (bytes > ceiling) throw new Error(`${line}: over the budget (etc/size-budget.json)`);
  return `${line}${bytes > goal ? `, ${kB(bytes - goal)} over the target` : ', within the target'}`;
});
check('the typical app with the dialogs lazy-loaded by the app (React.lazy) is measured', () => {
  if (!split) throw new Error('the typical app did not bundle');
  const byName = new Map(split.map((c) => [c.fileName, c]));
  const first = new Set();
  const visit = (name) => {
    if (first.has(name) || !byName.has(name)) return;
    first.add(name);
    for (const next of byName.get(name).imports) visit(next);
  };
  visit(split.find((c) => c.isEntry).fileName);
  let firstBytes = 0;
  let laterBytes = 0;
  for (const [name, chunk] of byName) {
    if (first.has(name)) firstBytes += gz(chunk.code);
    else laterBytes += gz(chunk.code);
  }
  sizes.typicalApp.lazyDialogs = { first: firstBytes, withDialogs: laterBytes };
  return `loaded first ${kB(firstBytes)}, the dialogs later ${kB(laterBytes)}, in all ${kB(firstBytes + laterBytes)} (${split.length} files)`;
});
// `import 'conflict-kit/wasm'` has nothing to use, so only the package's
// `sideEffects` listing keeps an app's bundler from dropping it.
writeFileSync(join(work, 'wasm-app.mjs'), "import 'conflict-kit/wasm';\nexport { mergeText } from 'conflict-kit/core';\n");
let wasmApp;
try {
  const result = await viteBuild({
    configFile: false, root: work, logLevel: 'silent', mode: 'production',
    build: { write: false, minify: true, rolldownOptions: { input: join(work, 'wasm-app.mjs'), preserveEntrySignatures: 'exports-only' } },
  });
  wasmApp = (Array.isArray(result) ? result[0] : result).output.filter((c) => c.type === 'chunk').map((c) => c.code).join('\n');
} catch (error) {
  console.log(`  could not bundle the wasm app: ${error.message}`);
}
check("an app bundled by Vite keeps `import 'conflict-kit/wasm'` (package.json sideEffects)", () => {
  if (wasmApp === undefined) throw new Error('the app did not bundle');
  if (!/["'`]AGFzbQ/.test(wasmApp)) throw new Error('the bundle carries no WebAssembly module: the import was dropped');
  sizes.wasmApp = gz(wasmApp);
  return `mergeText with the WebAssembly engine: ${kB(sizes.wasmApp)}`;
});
// Development texts (misuse explanations, console hints) are kept for
// development builds: `isDev` in the shipped code must still read the app's
// mode. Served by `vite dev` the browser has no `process`, so it is the
// app's `import.meta.env.MODE` that tells; its production build drops them.
const devApp = join(work, 'dev-app');
mkdirSync(devApp, { recursive: true });
writeFileSync(join(devApp, 'index.html'), '<!doctype html><title>loading</title><script type="module" src="/main.js"></script>\n');
// A save with no version known is refused before sending: the error's message is a development text.
writeFileSync(
  join(devApp, 'main.js'),
  "import { createConflictClient } from 'conflict-kit';\n" +
    "const client = createConflictClient({ fetch: () => Promise.reject(new Error('nothing may be sent')) });\n" +
    "client.save('/notes/1', { title: 'x' }).then(() => { document.title = 'sent'; }, (error) => { document.title = error.message; });\n",
);
const longText = 'Reload the record to get a strong ETag';
let devTitle;
let devAppBuilt;
try {
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright');
  const server = await createServer({
    configFile: false, root: devApp, logLevel: 'silent', mode: 'development',
    server: { host: '127.0.0.1', port: 0, fs: { allow: [work, resolve('node_modules')] } },
  });
  await server.listen();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.httpServer.address().port}/`);
    await page.waitForFunction(() => document.title !== 'loading', undefined, { timeout: 60_000 });
    devTitle = await page.title();
  } finally {
    await browser.close();
    await server.close();
  }
  const result = await viteBuild({ configFile: false, root: devApp, logLevel: 'silent', mode: 'production', build: { write: false } });
  devAppBuilt = (Array.isArray(result) ? result[0] : result).output.filter((c) => c.type === 'chunk').map((c) => c.code).join('\n');
} catch (error) {
  console.log(`  could not run the development app: ${error.message}`);
}
check('an app served by `vite dev` gets the development texts (in Chromium), and its production build drops them', () => {
  if (devTitle === undefined || devAppBuilt === undefined) throw new Error('the app did not run or build');
  if (!devTitle.includes(longText)) throw new Error(`vite dev showed the production text: ${devTitle}`);
  if (devAppBuilt.includes(longText)) throw new Error('the production build still carries the development text');
  return devTitle.split('. ')[0];
});
mkdirSync(reportDir, { recursive: true });
writeFileSync(join(reportDir, 'size.json'), JSON.stringify({ ...sizes, runtimeValues }, null, 2));

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
writeFileSync(reportFile, JSON.stringify({ passed, failed, results }, null, 2));
console.log(`  package checks: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
