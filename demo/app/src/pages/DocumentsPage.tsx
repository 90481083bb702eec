import type { ReactNode } from 'react';
import type { DocumentRecord } from '../api';
import { LastChange } from '../components/LastChange';
import { ListState } from '../components/ListState';
import { RecordTable } from '../components/RecordTable';
import { Link } from '../router/Link';
import { usePageTitle } from '../usePageTitle';
import { useRecordList } from '../useRecordList';

function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length;
}

/** All documents, each linking to its editor. */
export function DocumentsPage(): ReactNode {
  usePageTitle('Documents');
  const documents = useRecordList<DocumentRecord>('documents');
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
              <td>{lineCount(doc.content)}</td>
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
