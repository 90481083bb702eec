import type { ChangeEvent, ReactNode } from 'react';
import { OPERATORS, setOperator, useOperator, type OperatorActor } from '../operator';
import { Link } from '../router/Link';

const SECTIONS = [
  { id: 'tickets', to: '/tickets', label: 'Tickets' },
  { id: 'orders', to: '/orders', label: 'Orders' },
  { id: 'documents', to: '/documents', label: 'Documents' },
  { id: 'insights', to: '/insights', label: 'Insights' },
] as const;

/** Props of {@link AppHeader}. */
export interface AppHeaderProps {
  /** The section the current page belongs to, marked in the nav. */
  readonly section: string;
}

/** The demo's header: brand, section nav, and who this tab acts as. */
export function AppHeader({ section }: AppHeaderProps): ReactNode {
  const operator = useOperator();
  const onChange = (event: ChangeEvent<HTMLSelectElement>): void => setOperator(event.target.value as OperatorActor);
  return (
    <header className="demo-header">
      <a className="demo-skip" href="#main">
        Skip to content
      </a>
      <Link to="/tickets" className="demo-brand">
        conflict-kit <span className="demo-brand-sub">demo</span>
      </Link>
      <nav aria-label="Sections" className="demo-nav">
        {SECTIONS.map((item) => (
          <Link key={item.id} to={item.to} aria-current={section === item.id ? 'page' : undefined}>
            {item.label}
          </Link>
        ))}
      </nav>
      <label className="demo-operator">
        <span>Operator</span>
        <select value={operator} onChange={onChange}>
          {OPERATORS.map((option) => (
            <option key={option.actor} value={option.actor}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
