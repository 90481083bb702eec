/// <reference types="vite/client" />
import type { Decorator } from '@storybook/react-vite';
import styles from '../../src/ui/styles.css?raw';

/**
 * The kit's dark palette, taken from its own `prefers-color-scheme: dark`
 * block, so the story shows exactly what dark-mode users get without
 * copying the colours here.
 */
function darkPalette(): string {
  const block = /@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(styles);
  if (!block?.[1]) throw new Error('src/ui/styles.css has no "@media (prefers-color-scheme: dark) { :root { … } }" block; update stories/support/darkScheme.tsx.');
  return block[1];
}

/** Renders the story with the kit's dark scheme, whatever the OS setting. */
export const withDarkScheme: Decorator = (Story) => (
  <div data-story-scheme="dark" style={{ padding: '1rem', background: 'var(--ck-surface)', color: 'var(--ck-fg)', colorScheme: 'dark' }}>
    <style>{`[data-story-scheme="dark"] {${darkPalette()}}`}</style>
    <Story />
  </div>
);
