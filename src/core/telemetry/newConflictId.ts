import { randomHex } from './traceparent';

/** A random id for a conflict's lifecycle, which its events share. @internal */
export const newConflictId = (): string => randomHex(16);
