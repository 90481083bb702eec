// conflict-kit: the whole kit. Today that is the framework-agnostic core;
// the React hooks and dialogs join it as they land.
export * from './core/index';
