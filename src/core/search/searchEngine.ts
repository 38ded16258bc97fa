// What SearchService needs to index and search, as one module: the extension builds it as its own bundle,
// dist/searchEngine.js, loaded when the library is first searched, so fuse.js and the index (a quarter of the
// extension's code) are not compiled while VS Code activates the extension.
export { PaperSearch } from './paperSearch';
export { fingerprintSteps, SNAPSHOT_VERSION } from './searchIndex';
export { decodeSnapshot, encodeSnapshotParts } from './snapshotCodec';
