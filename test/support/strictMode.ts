import { configure } from '@testing-library/react';

// Every component and hook test renders under <StrictMode>, as apps built
// from Vite's React template do in development: each effect, dialog and
// subscription must survive mount → unmount → mount.
configure({ reactStrictMode: true });
