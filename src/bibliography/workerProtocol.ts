// The messages between the extension host and the bibliography parse worker. Plain data only: every value crosses
// the thread boundary by structured clone.
import { Paper } from '../core/model';
import { BibliographyFormat, BibliographyProblem } from '../core/bibliography/parseBibliography';

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
 * The host took a batch of papers and may take the next. Without it the worker's batches would queue up, and the
 * host would receive them all in one long task (a port's queued messages are handled in one go).
 */
export interface NextRequest {
  type: 'next';
  id: number;
}

export type WorkerRequest = LoadRequest | KeysRequest | NextRequest;

/** Papers arrive in batches so no single message costs the host's main thread much to receive. */
export interface PapersReply {
  type: 'papers';
  id: number;
  papers: Paper[];
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

export type WorkerReply = PapersReply | DoneReply | FailedReply | KeysReply;

export const PAPERS_PER_MESSAGE = 500;
