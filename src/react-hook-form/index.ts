'use client';
// conflict-kit/react-hook-form: react-hook-form's form state as the kit's
// draft. Its own entry, so apps without react-hook-form pay nothing for it.
export { useFormDraft } from './useFormDraft';
export type { FormLike, UseFormDraftOptions } from './useFormDraft';
