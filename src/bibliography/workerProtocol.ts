// The messages between the extension host and the bibliography parse worker. Plain data only: every value crosses
// the thread boundary by structured clone, except the buffers of the packed works and of an index snapshot, which
// are shared (sharedMemory.ts) and the request's bytes and order, which are transferred.
import { BibliographyFormat, BibliographyProblem } from '../core/bibliography/parseBibliography';
import { Paper } from '../core/model';
import { SearchIndexSnapshot } from '../core/search/searchIndex';

export interface WorkerOptions {
  /** Where parse results are cached (the extension's global storage); none: no cache. */
  cacheDir?: string;
  /** Changes whenever cached results would be stale for another reason than the file: reader version, themes. */
  cacheSalt: string;
  themes: { id: string; keywords: string[] }[];
}

export interface LoadRequest {
  type: 'load';
  id: number;
  /** The source id papers carry as `origin.file`. */
  file: string;
  format: BibliographyFormat;
  /** A local path the worker reads itself, or the bytes the host read through `vscode.workspace.fs`. */
  path?: string;
  bytes?: Uint8Array;
  /** With `bytes`: the file's size and modification time, the cache key. */
  size?: number;
  mtime?: number;
  /** False forces a parse (the Reload command). */
  useCache: boolean;
}

/** The keys a BibTeX text or file defines, for an append to a large file (reading them would block the host). */
export interface KeysRequest {
  type: 'keys';
  id: number;
  text?: string;
  /** A file too large for VS Code to give the extension as a document: the worker reads it itself. */
  path?: string;
}

/**
 * A search index of a library made mostly of the works of one earlier load (which the worker still holds, or can
 * read back from its cache), so the host need not build it on its main thread.
 */
export interface IndexRequest {
  type: 'index';
  id: number;
  /** The id of the load whose works these are, and its cache key (should the worker have stopped since). */
  load: number;
  source: { file: string; size: number; mtime: number };
  /** For each work of the library, in order: its position among the load's works, or -1 for the next of `others`. */
  order: Int32Array;
  others: Paper[];
  themes: { id: string; label: string }[];
}

/** The host no longer needs the index it asked for (the library changed meanwhile). */
export interface CancelRequest {
  type: 'cancel';
  id: number;
}

/**
 * The host has decoded the works of a load: the worker writes them to its cache now rather than while the host
 * decodes, as the write's copy would take the core the host's collector needs (see the worker's `Loaded.save`).
 */
export interface DecodedNotice {
  type: 'decoded';
  id: number;
}

export type WorkerRequest = LoadRequest | KeysRequest | IndexRequest | CancelRequest | DecodedNotice;

/**
 * A piece of the works, packed (worksCodec.ts) in shared memory, not copied: receiving it costs the host nothing,
 * and the host decodes it in batches between its other tasks. Pieces come in order, before `done`. Works just
 * parsed are all packed before the first is posted, and the worker writes the same bytes to its cache.
 */
export interface WorksReply {
  type: 'works';
  id: number;
  works: SharedArrayBuffer;
  /** Byte length of each packed batch in `works`. */
  batches: number[];
}

export interface DoneReply {
  type: 'done';
  id: number;
  problems: BibliographyProblem[];
  fromCache: boolean;
  size: number;
  mtime: number;
  /** Time spent reading and parsing (or reading the cache), in the worker. */
  millis: number;
  /** The works' reference-list order (referenceOrder), made with them: the host need not sort them. */
  order?: Uint32Array;
}

export interface FailedReply {
  type: 'failed';
  id: number;
  message: string;
  /** `ENOENT` when the file does not exist (or vanished while being read). */
  code?: string;
}

export interface KeysReply {
  type: 'keys';
  id: number;
  keys: string[];
}

/** The index as a snapshot whose arrays are in shared memory; none when the load's works are gone. */
export interface IndexReply {
  type: 'index';
  id: number;
  snapshot?: SearchIndexSnapshot;
}

export type WorkerReply = WorksReply | DoneReply | FailedReply | KeysReply | IndexReply;
