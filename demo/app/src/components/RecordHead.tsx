import type { ReactNode } from 'react';
import type { RecordHandle } from '../../../../src/react/index';
import { operatorLabel } from '../operator';
import { Link } from '../router/Link';
import { FreshnessBadge } from './FreshnessBadge';
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
  /** Who last changed the record and when; omitted, no such line. */
  readonly updated?: { readonly by: string | undefined; readonly at: string };
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
      {updated ? (
        <p className="demo-muted">
          Last changed by {operatorLabel(updated.by)} at <LocalTime iso={updated.at} />
        </p>
      ) : null}
    </>
  );
}
