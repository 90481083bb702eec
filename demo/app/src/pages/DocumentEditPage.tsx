import type { ReactNode } from 'react';
import type { RecordMergeOptions } from '../../../../src/index';
import { useVersionedQuery, type RecordHandle } from '../../../../src/react/index';
import type { DocumentRecord } from '../api';
import { DraftFormActions } from '../components/DraftFormActions';
import { LoadState } from '../components/LoadState';
import { documentQuery } from '../queries';
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
  const query = useVersionedQuery(documentQuery(id));
  if (query.data === undefined) return <LoadState what={`document ${id}`} path={`/documents/${id}`} error={query.error} />;
  return <DocumentForm doc={query.data} record={query.record} refetch={query.refetch} />;
}

interface DocumentFormProps {
  readonly doc: DocumentRecord;
  readonly record: RecordHandle;
  readonly refetch: () => unknown;
}

function DocumentForm({ doc, record, refetch }: DocumentFormProps): ReactNode {
  const { draft, save, onSubmit, busy } = useRecordForm<DocumentRecord>({ record, initial: doc, merge: DOCUMENT_MERGE });
  const values = draft.draft;
  return (
    <section className="demo-panel" aria-labelledby="document-title">
      <RecordHead
        list={{ to: '/documents', label: 'Documents' }}
        id={doc.id}
        headingId="document-title"
        heading={`Document ${doc.id}`}
        record={record}
        updated={{ by: doc.updatedBy, at: doc.updatedAt, version: doc.version }}
      />
      <RecordStaleBanner record={record} discard={draft.discard} refetch={refetch} />
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
        <DraftFormActions statusId="document-save-status" draft={draft} save={save} busy={busy} />
      </form>
    </section>
  );
}
