// The BibTeX and CSL-JSON writers, as one module: the extension builds it as its own bundle, dist/writers.js,
// loaded when a work is first written out (Copy BibTeX, go to definition, appending, export), so the writers and
// the LaTeX tables they use are not compiled while VS Code activates the extension.
export { writeBibtex, writeBibtexEntry } from './bibtex/bibtexWriter';
export { writeCslJson } from './csl/cslJson';
