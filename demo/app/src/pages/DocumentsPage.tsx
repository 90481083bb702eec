import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { fetchList, type DocumentRecord } from '../api';
import { operatorLabel } from '../operator';
import { Link } from '../router/Link';
import { usePageTitle } from '../usePageTitle';

function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length;
}

/** All documents, each linking to its editor. */
export function DocumentsPage(): ReactNode {
  usePageTitle('Documents');
  const documents = useQuery({ queryKey: ['list', 'documents'], queryFn: ({ signal }) => fetchList<DocumentRecord>('documents', signal) });
  return (
    <section className="demo-panel" aria-labelledby="documents-title">
      <h1 id="documents-title">Documents</h1>
      {documents.isPending ? <p role="status">Loading documents…</p> : null}
      {documents.isError ? <p role="alert">Could not load the documents: {documents.error.message}</p> : null}
      {documents.data ? (
        <table className="demo-table">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Title</th>
              <th scope="col">Lines</th>
              <th scope="col">Version</th>
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {documents.data.map((doc) => (
              <tr key={doc.id}>
                <td>
                  <Link to={`/documents/${doc.id}`}>{doc.id}</Link>
                </td>
                <td>{doc.title}</td>
                <td>{lineCount(doc.content)}</td>
                <td>{doc.version}</td>
                <td>
                  {operatorLabel(doc.updatedBy)}, <time dateTime={doc.updatedAt}>{new Date(doc.updatedAt).toLocaleString()}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
