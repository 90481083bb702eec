'use client';
// conflict-kit: the whole kit — core, React hooks and prebuilt dialogs.
// Framework-agnostic code only: import 'conflict-kit/core'.
export * from './core/index';
export * from './react/index';
export * from './ui/index';
