#!/usr/bin/env node
// The public surface of each entry, as API Extractor reports it from the
// built `.d.ts` (one `etc/api/<entry>.api.md` per entry of package.json
// `exports`), so a change of surface shows in review.
//
//   npm run api:report   rebuild, then rewrite the reports
//   node scripts/apiReport.mjs --check   compare only (the package checks do)
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import apiExtractor from '@microsoft/api-extractor';

const { Extractor, ExtractorConfig } = apiExtractor;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reportFolder = join(root, 'etc/api');
const tempFolder = join(root, '.cache/api');

/** The built `.d.ts` of every JS entry in package.json `exports`, by report name. */
export function apiEntries() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'string' && target.endsWith('.js'))
    .map(([spec, target]) => ({
      spec: spec === '.' ? pkg.name : `${pkg.name}/${spec.slice(2)}`,
      name: spec === '.' ? 'index' : spec.slice(2),
      dts: join(root, target.replace(/\.js$/, '.d.ts')),
    }));
}

/**
 * Writes (`update`) or compares each entry's report; returns the entries
 * whose report is missing or differs, and API Extractor's errors.
 */
export function runApiReports({ update }) {
  mkdirSync(reportFolder, { recursive: true });
  const changed = [];
  const errors = [];
  for (const entry of apiEntries()) {
    if (!existsSync(entry.dts)) {
      errors.push(`${entry.spec}: ${entry.dts} is missing (run the build first)`);
      continue;
    }
    const config = ExtractorConfig.prepare({
      packageJsonFullPath: join(root, 'package.json'),
      configObjectFullPath: undefined,
      configObject: {
        projectFolder: root,
        mainEntryPointFilePath: entry.dts,
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              target: 'es2022', module: 'esnext', moduleResolution: 'bundler', jsx: 'react-jsx',
              lib: ['es2023', 'dom', 'dom.iterable'], strict: true, skipLibCheck: true, types: [],
            },
            files: [entry.dts],
          },
        },
        apiReport: { enabled: true, reportFileName: entry.name, reportFolder, reportTempFolder: tempFolder },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: 'warning' } },
          extractorMessageReporting: {
            // A type the entry uses but does not export shows in the report, for review.
            default: { logLevel: 'warning', addToApiReportFile: true },
            // Release tags (@public/@beta) are not this project's convention.
            'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
            // Documentation is the TSDoc test's job (scripts/tsdoc.test.ts).
            'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
    });
    const result = Extractor.invoke(config, {
      localBuild: update,
      messageCallback: (message) => {
        if (message.logLevel === 'error') errors.push(`${entry.spec}: ${message.text}`);
        message.handled = true;
      },
    });
    if (result.apiReportChanged) changed.push(entry.spec);
  }
  return { changed, errors };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const update = !process.argv.includes('--check');
  const { changed, errors } = runApiReports({ update });
  for (const e of errors) console.error(e);
  if (update) console.log(changed.length ? `updated etc/api for ${changed.join(', ')}` : 'etc/api is up to date');
  else if (changed.length) console.error(`the public API changed (${changed.join(', ')}): run \`npm run api:report\` and commit etc/api`);
  process.exit(errors.length || (!update && changed.length) ? 1 : 0);
}
