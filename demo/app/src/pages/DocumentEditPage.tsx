import type { ReactNode } from 'react';
import type { RecordMergeOptions } from '../../../../src/core/index';
import { useVersionedQuery, type RecordVersion } from '../../../../src/react/index';
import { apiUrl, recordKey, type DocumentRecord } from '../api';
import { DraftFormActions } from '../components/DraftFormActions';
import { LoadState } from '../components/LoadState';
import { RecordHead } from '../components/RecordHead';
import { RecordStaleBanner } from '../components/RecordStaleBanner';
import { usePageTitle } from '../usePageTitle';
import { useRecordForm } from '../useRecordForm';

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
  const { draft, saving, onSubmit, busy } = useRecordForm<DocumentRecord>({ registryKey, initial: doc, url: apiUrl.document(doc.id), merge: DOCUMENT_MERGE });
  const values = draft.draft;
  return (
    <section className="demo-panel" aria-labelledby="document-title">
      <RecordHead
        list={{ to: '/documents', label: 'Documents' }}
        id={doc.id}
        headingId="document-title"
        heading={`Document ${doc.id}`}
        version={version}
        updated={{ by: doc.updatedBy, at: doc.updatedAt }}
      />
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
        <DraftFormActions statusId="document-save-status" draft={draft} saving={saving} busy={busy} />
      </form>
    </section>
  );
}
