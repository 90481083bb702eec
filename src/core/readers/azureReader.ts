import type { Conflict } from '../conflict';
import { own, readToken } from './bodyMembers';
import { conflictOfKind, createsOnlyIfAbsent, duplicateConflict, putTargetOf } from './conflictFromReason';
import type { ConflictReader, ReaderContext } from './conflictReader';

/** Azure Storage error codes that mean the write was based on an old ETag. */
const STALE_CODES = new Set(['UpdateConditionNotSatisfied', 'ConditionNotMet', 'TargetConditionNotMet']);
/** Azure codes ending in `AlreadyExists` (`EntityAlreadyExists`, `BlobAlreadyExists`, …) mean a duplicate create. */
const DUPLICATE_CODE = /^[A-Za-z]*AlreadyExists$/;
const AZURE_CODE = /^[A-Za-z][A-Za-z0-9]{0,99}$/;
/** Only the start of an XML body is searched for `<Error><Code>`. */
const XML_SCAN_CHARS = 64 * 1024;

/** The `<Code>` of an Azure XML `<Error>` body, found with indexOf (no backtracking on hostile text). */
function xmlErrorCode(text: string): string | undefined {
  const head = text.slice(0, XML_SCAN_CHARS);
  const error = head.indexOf('<Error>');
  if (error < 0) return undefined;
  const open = head.indexOf('<Code>', error);
  if (open < 0) return undefined;
  const close = head.indexOf('</Code>', open);
  if (close < 0) return undefined;
  const code = head.slice(open + '<Code>'.length, close).trim();
  return AZURE_CODE.test(code) ? code : undefined;
}

interface AzureCode {
  readonly code: string;
  /** `true` when the response is surely from Azure (header, `odata.error` or XML `<Error>`), not just a `code` member. */
  readonly certain: boolean;
}

/** `token` when it looks like an Azure error code. */
function validCode(token: string | undefined): string | undefined {
  return token !== undefined && AZURE_CODE.test(token) ? token : undefined;
}

function azureCodeOf(ctx: ReaderContext): AzureCode | undefined {
  const certain =
    validCode(readToken(ctx.headers.get('x-ms-error-code'))) ?? validCode(readToken(own(own(ctx.body, 'odata.error'), 'code')));
  if (certain !== undefined) return { code: certain, certain: true };
  const generic = validCode(readToken(own(own(ctx.body, 'error'), 'code')) ?? readToken(own(ctx.body, 'code')));
  if (generic !== undefined) return { code: generic, certain: false };
  const xml = ctx.body === undefined ? xmlErrorCode(ctx.text) : undefined;
  return xml !== undefined ? { code: xml, certain: true } : undefined;
}

/**
 * Reads Azure Storage errors from the `x-ms-error-code` header, a JSON
 * `odata.error.code` / `code`, or an XML `<Error><Code>`:
 * `UpdateConditionNotSatisfied` / `ConditionNotMet` are stale writes and
 * `…AlreadyExists` codes are duplicate creates. Not a built-in reader: pass
 * it in `readers`, or spread `azureOptions` from `conflict-kit/azure`.
 */
export const azureReader: ConflictReader = (ctx): Conflict | undefined => {
  const found = azureCodeOf(ctx);
  if (!found) return undefined;
  const { code, certain } = found;
  const stale = STALE_CODES.has(code);
  // With If-None-Match: * the failed condition is "must not exist yet".
  if (DUPLICATE_CODE.test(code) || (stale && createsOnlyIfAbsent(ctx))) {
    return duplicateConflict(ctx, 'azure', code, putTargetOf(ctx));
  }
  if (stale) return conflictOfKind(ctx, 'stale', 'azure', undefined, code);
  // Other Azure codes on 409/412 (leases, pending copies, …) are conflicts we
  // cannot recover automatically; "…NotFound" is left to the status rules.
  if (certain && (ctx.status === 409 || ctx.status === 412) && !code.endsWith('NotFound')) {
    return {
      kind: 'unknown',
      status: ctx.status,
      source: 'azure',
      reason: code,
      note: `Azure error code ${code} is not a version or duplicate conflict.`,
    };
  }
  return undefined;
};
