import type { ReactNode } from 'react';
import { useStaleness, type RecordHandle } from '../../../../src/react/index';
import { operatorLabel } from '../operator';
import { Link } from '../router/Link';
import { FreshnessBadge, versionOf } from './FreshnessBadge';
import { LocalTime } from './LocalTime';

/** Props of {@link RecordHead}. */
export interface RecordHeadProps {
  /** The list the record belongs to, for the breadcrumb. */
  readonly list: { readonly to: string; readonly label: string };
  readonly id: string;
  /** The heading's element id, which the page's section is labelled by. */
  readonly headingId: string;
  readonly heading: string;
  /** The record, whose version and freshness the badge shows. */
  readonly record: RecordHandle;
  /** Who last changed the record, when, and in which version; omitted, no such line. */
  readonly updated?: { readonly by: string | undefined; readonly at: string; readonly version: number };
}

/**
 * Who changed the record last. A form restored from a draft stays on the
 * version the edits were made from, which the badge names, while the page has
 * read a newer one: then the line names that newer version, so the two never
 * seem to describe the same one.
 */
function LastChanged({ record, updated }: { readonly record: RecordHandle; readonly updated: NonNullable<RecordHeadProps['updated']> }): ReactNode {
  const shown = versionOf(useStaleness({ record }).validator);
  const newer = shown !== undefined && shown !== String(updated.version);
  return (
    <p className="demo-muted" data-testid="last-changed">
      {newer ? `Version ${updated.version} is the latest: changed by ` : 'Last changed by '}
      {operatorLabel(updated.by)} at <LocalTime iso={updated.at} />
    </p>
  );
}

/** The top of a record page: breadcrumb, heading with the version's freshness, and optionally the last change. */
export function RecordHead({ list, id, headingId, heading, record, updated }: RecordHeadProps): ReactNode {
  return (
    <>
      <p className="demo-breadcrumb">
        <Link to={list.to}>{list.label}</Link> / {id}
      </p>
      <div className="demo-record-head">
        <h1 id={headingId}>{heading}</h1>
        <FreshnessBadge record={record} />
      </div>
      {updated ? <LastChanged record={record} updated={updated} /> : null}
    </>
  );
}
