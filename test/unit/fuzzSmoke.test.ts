// The fuzz properties of test/fuzz/properties.ts at a few hundred inputs each, so `npm test` runs them too; the full
// run, 100,000 inputs each and the 1 MB timing checks, is `npm run fuzz`.
import { defineFuzzSuites, FUZZ_PROPERTIES } from '../fuzz/properties';

describe('fuzz properties (smoke run)', () => {
  defineFuzzSuites(FUZZ_PROPERTIES, 300);
});
