import type { ReactNode } from 'react';
import type { DocumentRecord } from '../api';
import { LastChange } from '../components/LastChange';
import { ListState } from '../components/ListState';
import { RecordTable } from '../components/RecordTable';
import { documentLines } from '../documentLines';
import { Link } from '../router/Link';
import { usePageTitle } from '../usePageTitle';
import { useRecordList } from '../useRecordList';

/** All documents, each linking to its editor. */
export function DocumentsPage(): ReactNode {
  usePageTitle('Documents');
  const documents = useRecordList<DocumentRecord & { readonly truncated?: readonly string[] }>('documents');
  return (
    <section className="demo-panel" aria-labelledby="documents-title">
      <h1 id="documents-title">Documents</h1>
      <ListState what="documents" query={documents} />
      {documents.data ? (
        <RecordTable columns={['ID', 'Title', 'Lines', 'Version', 'Last change']}>
          {documents.data.map((doc) => (
            <tr key={doc.id}>
              <td>
                <Link to={`/documents/${doc.id}`}>{doc.id}</Link>
              </td>
              <td>{doc.title}</td>
              <td>{documentLines(doc)}</td>
              <td>{doc.version}</td>
              <td>
                <LastChange by={doc.updatedBy} at={doc.updatedAt} />
              </td>
            </tr>
          ))}
        </RecordTable>
      ) : null}
    </section>
  );
}
