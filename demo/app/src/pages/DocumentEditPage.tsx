import type { FormEvent, ReactNode } from 'react';
import type { RecordMergeOptions } from '../../../../src/core/index';
import { useDraft, useGuardedSave, useVersionedQuery, type RecordVersion } from '../../../../src/react/index';
import { apiUrl, recordKey, type DocumentRecord } from '../api';
import { FreshnessBadge } from '../components/FreshnessBadge';
import { LoadState } from '../components/LoadState';
import { RecordStaleBanner } from '../components/RecordStaleBanner';
import { SaveStatus } from '../components/SaveStatus';
import { operatorLabel } from '../operator';
import { Link } from '../router/Link';
import { usePageTitle } from '../usePageTitle';

/** The text merges line by line (then word by word inside a conflicting region); the server owns the rest. */
const DOCUMENT_MERGE: RecordMergeOptions = {
  text: ['/content'],
  ignore: ['/id', '/version', '/updatedBy', '/updatedAt'],
};

/** Props of {@link DocumentEditPage}. */
export interface DocumentEditPageProps {
  readonly id: string;
}

/** Edits a long text document under its version: edits to different paragraphs merge by themselves. */
export function DocumentEditPage({ id }: DocumentEditPageProps): ReactNode {
  usePageTitle(`Document ${id}`);
  const query = useVersionedQuery<DocumentRecord>({ url: apiUrl.document(id), key: recordKey('documents', id) });
  if (query.data === undefined) return <LoadState what={`document ${id}`} path={`/documents/${id}`} error={query.error} />;
  return <DocumentForm doc={query.data} registryKey={query.registryKey} version={query.version} refetch={query.refetch} />;
}

interface DocumentFormProps {
  readonly doc: DocumentRecord;
  readonly registryKey: string;
  readonly version: RecordVersion;
  readonly refetch: () => unknown;
}

function DocumentForm({ doc, registryKey, version, refetch }: DocumentFormProps): ReactNode {
  const draft = useDraft<DocumentRecord>(registryKey, { initial: doc, storage: 'session' });
  const saving = useGuardedSave<DocumentRecord>({ url: apiUrl.document(doc.id), draft, merge: DOCUMENT_MERGE });
  const values = draft.draft;
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void saving.save(draft.draft);
  };
  const busy = saving.status === 'saving' || saving.status === 'resolving';
  return (
    <section className="demo-panel" aria-labelledby="document-title">
      <p className="demo-breadcrumb">
        <Link to="/documents">Documents</Link> / {doc.id}
      </p>
      <div className="demo-record-head">
        <h1 id="document-title">Document {doc.id}</h1>
        <FreshnessBadge freshness={version.freshness} validator={version.validator} />
      </div>
      <p className="demo-muted">
        Last changed by {operatorLabel(doc.updatedBy)} at <time dateTime={doc.updatedAt}>{new Date(doc.updatedAt).toLocaleString()}</time>
      </p>
      <RecordStaleBanner recordKey={registryKey} dirty={draft.dirty} discard={draft.discard} refetch={refetch} />
      <form className="demo-form" onSubmit={onSubmit} aria-describedby="document-save-status">
        <label className="demo-field">
          <span>Title</span>
          <input value={values.title} required maxLength={200} onChange={(event) => draft.setDraft((previous) => ({ ...previous, title: event.target.value }))} />
        </label>
        <label className="demo-field">
          <span>Text</span>
          <textarea
            className="demo-document-text"
            value={values.content}
            rows={28}
            spellCheck={false}
            onChange={(event) => draft.setDraft((previous) => ({ ...previous, content: event.target.value }))}
          />
        </label>
        <div className="demo-actions">
          <button type="submit" className="demo-button demo-button-primary" disabled={busy}>
            Save
          </button>
          {draft.dirty ? (
            <button type="button" className="demo-button" onClick={draft.discard} disabled={busy}>
              Discard changes
            </button>
          ) : null}
          <SaveStatus id="document-save-status" status={saving.status} error={saving.error} dirty={draft.dirty} />
        </div>
      </form>
    </section>
  );
}
