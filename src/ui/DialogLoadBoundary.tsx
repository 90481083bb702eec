import { Component, type ReactNode } from 'react';

/** Props of {@link DialogLoadBoundary}. @internal */
export interface DialogLoadBoundaryProps {
  /** Rendered instead of the children once they have thrown. */
  readonly fallback: ReactNode;
  readonly children?: ReactNode;
}

/**
 * Catches a lazily loaded dialog whose code failed to load (or that threw), so
 * the page stays up and the conflict can still be settled; without it React
 * unmounts the whole root. Remount it (a new `key`) to try again.
 * @internal
 */
export class DialogLoadBoundary extends Component<DialogLoadBoundaryProps, { readonly failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
