import type { Decorator } from '@storybook/react-vite';

/** Renders the story with the kit's dark scheme, whatever the OS setting, the way an app's theme switch would: `data-ck-scheme="dark"`. */
export const withDarkScheme: Decorator = (Story) => (
  <div data-ck-scheme="dark" style={{ padding: '1rem', background: 'var(--ck-surface)', color: 'var(--ck-fg)', colorScheme: 'dark' }}>
    <Story />
  </div>
);
