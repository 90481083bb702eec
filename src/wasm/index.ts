// conflict-kit/wasm: import it once, for its side effect, to run the text
// merge's hot parts (line interning, the Myers search) in WebAssembly on
// large inputs: about 1.5× faster on long, heavily edited documents. Without
// it, the JS engine runs everything with the same results. The modules
// (about 5 kB) compile on first use; where WebAssembly is missing or refused
// (a content security policy without 'wasm-unsafe-eval'), JS runs instead.
//
//   import 'conflict-kit/wasm';
import { registerWasmDiff } from '../core/diff/engine';
import { internTextsWasm } from './internTextsWasm';
import { searchWasm } from './searchWasm';

registerWasmDiff({ intern: internTextsWasm, search: searchWasm });
