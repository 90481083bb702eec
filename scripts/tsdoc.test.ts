import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { entries as packageEntries } from '../vite.config';

// CONVENTIONS.md: every export gets a one-sentence TSDoc. Checked on what
// users see: the exports of each of the package's entries.
const entries = Object.values(packageEntries);

const program = ts.createProgram(entries, {
  strict: true,
  jsx: ts.JsxEmit.ReactJSX,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
});
const checker = program.getTypeChecker();

/** Exported names of an entry whose declaration has no documentation comment. */
function undocumented(entry: string): string[] {
  const file = program.getSourceFile(entry);
  const module = file && checker.getSymbolAtLocation(file);
  if (!module) throw new Error(`${entry} could not be read`);
  return checker
    .getExportsOfModule(module)
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '';
    })
    .map((symbol) => symbol.getName());
}

describe('public API documentation', () => {
  for (const entry of entries) {
    it(`every export of ${entry} has TSDoc`, () => {
      expect(undocumented(entry)).toEqual([]);
    });
  }
});
