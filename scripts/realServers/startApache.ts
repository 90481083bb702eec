/**
 * Apache httpd with mod_dav on 127.0.0.1, in the foreground, from a minimal
 * config in a temp dir: `/dav` keeps Apache's default FileETag (weak for a
 * second after a write), `/digest` uses `FileETag Digest` (strong at once).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnServer, tempDir, whenReady, type RealServer } from './realServer';

const APACHE = process.env['APACHE_BIN'] ?? '/usr/sbin/apache2';
const MODULES = process.env['APACHE_MODULES'] ?? '/usr/lib/apache2/modules';

/** Why Apache cannot run here, or `undefined`. */
export function apacheMissing(): string | undefined {
  if (!existsSync(APACHE)) return `apache2 not installed (${APACHE} missing): run .ci/run or apt-get install -y apache2`;
  for (const module of ['mod_dav.so', 'mod_dav_fs.so', 'mod_mpm_event.so', 'mod_authz_core.so']) {
    if (!existsSync(join(MODULES, module))) return `apache2 is installed but ${MODULES}/${module} is missing`;
  }
  return undefined;
}

/** When run as root, Apache drops to this user, who must own the DAV folders. */
function runAs(): { user: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['www-data', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
      return { user, uid, gid };
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** Starts Apache; `url` is `http://127.0.0.1:<port>`. */
export async function startApache(): Promise<RealServer> {
  const dir = tempDir('apache');
  const port = await freePort();
  const run = join(dir, 'run');
  for (const sub of ['dav', 'digest', 'run']) mkdirSync(join(dir, sub));
  const user = runAs();
  if (user) for (const sub of ['', 'dav', 'digest', 'run']) chownSync(join(dir, sub), user.uid, user.gid);
  const conf = join(dir, 'httpd.conf');
  writeFileSync(
    conf,
    [
      `ServerRoot ${dir}`,
      'ServerName 127.0.0.1',
      `Listen 127.0.0.1:${port}`,
      `PidFile ${run}/httpd.pid`,
      `ErrorLog ${run}/error.log`,
      'LogLevel warn',
      `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so`,
      `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
      `LoadModule dav_module ${MODULES}/mod_dav.so`,
      `LoadModule dav_fs_module ${MODULES}/mod_dav_fs.so`,
      ...(user ? [`User ${user.user}`, `Group #${user.gid}`] : []),
      'StartServers 1',
      'ServerLimit 1',
      'ThreadsPerChild 8',
      'MaxRequestWorkers 8',
      `DAVLockDB ${run}/davlock`,
      `DocumentRoot ${dir}`,
      `<Directory ${dir}>`,
      '  Require all granted',
      '</Directory>',
      `<Directory ${dir}/dav>`,
      '  DAV On',
      '</Directory>',
      `<Directory ${dir}/digest>`,
      '  DAV On',
      '  FileETag Digest',
      '</Directory>',
      '',
    ].join('\n'),
  );
  const server = spawnServer(APACHE, ['-f', conf, '-DFOREGROUND'], { cwd: dir });
  const url = `http://127.0.0.1:${port}`;
  const stop = await whenReady(server, dir, [`${url}/dav/`], 15_000);
  return {
    url,
    dir,
    stop,
  };
}
