import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { StrictMode } from 'react';

const preview: Preview = {
  loaders: [mswLoader()],
  // Stories render under <StrictMode>, as an app's development build does:
  // every dialog and effect must survive mount → unmount → mount.
  decorators: [
    (Story) => (
      <StrictMode>
        <Story />
      </StrictMode>
    ),
  ],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
