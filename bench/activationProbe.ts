// What activate() loads and runs with the corpus alone, bundled by the benchmark like the extension is, so the
// time to load it is that of minified JavaScript rather than of TypeScript compiled on the fly.
export { parseCorpus } from '../src/core/corpus';
export { Library } from '../src/core/library';
export { SearchService } from '../src/core/search/searchService';
export * as searchEngine from '../src/core/search/searchEngine';
