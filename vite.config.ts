import { defineConfig } from 'vitest/config';
import dts from 'vite-plugin-dts';

/** One entry per layer; each becomes `dist/<name>.js` with one bundled `.d.ts`. */
const entries = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  server: 'src/server/index.ts',
};

/** Peers and the store stay external so apps dedupe them. */
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\//, /^zustand($|\/)/];

export default defineConfig({
  plugins: [
    // Storybook loads this file too; the dts plugin must not rewrite declarations then.
    ...(process.env.STORYBOOK
      ? []
      : [dts({ include: ['src'], exclude: ['src/**/*.test.ts', 'src/**/*.test.tsx'], bundleTypes: true, tsconfigPath: './tsconfig.build.json' })]),
  ],
  build: {
    lib: { entry: entries, formats: ['es'] },
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rolldownOptions: { external },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/core/**/*.test.ts', 'src/server/**/*.test.ts', 'demo/server/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
    ],
  },
});
