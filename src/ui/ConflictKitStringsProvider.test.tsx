import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TransitionConflict } from '../core/index';
import { ConflictKitStringsProvider } from './ConflictKitStringsProvider';
import { TransitionDialog } from './TransitionDialog';

afterEach(cleanup);

const conflict: TransitionConflict = { kind: 'transition', status: 409, source: 'problem+json', currentState: 'shipped', allowedTransitions: [] };

describe('ConflictKitStringsProvider', () => {
  it('overrides strings for everything inside, nested providers and a strings prop layered on top', () => {
    render(
      <ConflictKitStringsProvider strings={{ transitionTitle: (a) => `Impossible de ${a}`, close: 'Fermer' }}>
        <ConflictKitStringsProvider strings={{ close: 'Schließen' }}>
          <TransitionDialog request={{ conflict, attempted: 'annuler' }} onResolve={vi.fn()} strings={{ noTransitions: 'Rien' }} />
        </ConflictKitStringsProvider>
      </ConflictKitStringsProvider>,
    );
    expect(screen.getByRole('alertdialog', { name: 'Impossible de annuler' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Schließen' })).toBeTruthy();
    expect(screen.getByText('Rien')).toBeTruthy();
  });
});
