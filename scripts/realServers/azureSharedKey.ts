/**
 * A fetch wrapper that signs Azure Storage requests with the account key
 * (Web Crypto HMAC-SHA256), as an app's own middleware would: SharedKeyLite
 * for Table, SharedKey for Blob. It signs the headers the kit finally sends,
 * If-Match included. Path-style URLs (`/<account>/…`), as Azurite serves.
 */
import type { FetchLike } from '../../src/core';

async function hmac(keyBase64: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', Buffer.from(keyBase64, 'base64'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text));
  return Buffer.from(signature).toString('base64');
}

/** Signs every request for one storage account; `service` picks the scheme. */
export function azureSharedKeyFetch(service: 'table' | 'blob', account: string, keyBase64: string, inner: FetchLike = (i, init) => fetch(i, init)): FetchLike {
  return async (input, init) => {
    const url = new URL(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const date = new Date().toUTCString();
    headers.set('x-ms-date', date);
    if (!headers.has('x-ms-version')) headers.set('x-ms-version', service === 'table' ? '2019-02-02' : '2021-08-06');
    // Path style: the canonical resource repeats the account before the path.
    const canonicalPath = `/${account}${url.pathname}`;
    let toSign: string;
    if (service === 'table') {
      const comp = url.searchParams.get('comp');
      toSign = `${date}\n${canonicalPath}${comp !== null ? `?comp=${comp}` : ''}`;
      if (!headers.has('accept')) headers.set('accept', 'application/json;odata=nometadata');
      headers.set('accept', 'application/json;odata=nometadata');
      headers.set('dataserviceversion', '3.0');
    } else {
      const body = typeof init.body === 'string' ? init.body : '';
      const length = Buffer.byteLength(body);
      const h = (name: string): string => headers.get(name) ?? '';
      const msHeaders = [...headers.keys()].filter((name) => name.startsWith('x-ms-')).sort();
      const canonicalHeaders = msHeaders.map((name) => `${name}:${h(name).trim()}\n`).join('');
      const query = [...url.searchParams.keys()].map((k) => k.toLowerCase()).sort();
      const canonicalQuery = query.map((k) => `\n${k}:${url.searchParams.getAll(k).sort().join(',')}`).join('');
      toSign = [
        method,
        h('content-encoding'),
        h('content-language'),
        length > 0 ? String(length) : '',
        h('content-md5'),
        h('content-type'),
        '',
        h('if-modified-since'),
        h('if-match'),
        h('if-none-match'),
        h('if-unmodified-since'),
        h('range'),
      ].join('\n') + `\n${canonicalHeaders}${canonicalPath}${canonicalQuery}`;
    }
    headers.set('authorization', `${service === 'table' ? 'SharedKeyLite' : 'SharedKey'} ${account}:${await hmac(keyBase64, toSign)}`);
    return inner(input, { ...init, headers });
  };
}
