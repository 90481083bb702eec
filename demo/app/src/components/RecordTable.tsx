import type { ReactNode } from 'react';

/** Props of {@link RecordTable}. */
export interface RecordTableProps {
  /** The column headings, in order. */
  readonly columns: readonly string[];
  /** One `<tr>` per record. */
  readonly children: ReactNode;
}

/**
 * A list page's table: a header row of column headings over the records'
 * rows. On a narrow screen the table scrolls sideways inside its box, not the
 * page; the record links in its first column keep that box reachable by keyboard.
 */
export function RecordTable({ columns, children }: RecordTableProps): ReactNode {
  return (
    <div className="demo-table-scroll">
      <table className="demo-table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
