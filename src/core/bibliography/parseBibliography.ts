// Turns the bytes of a user's bibliography file (BibTeX/biblatex or CSL-JSON) into library works placed under the
// library's themes, and the problems worth showing at their line. Runs in the parse worker.
import { readBibtex } from '../bibtex/bibtexReader';
import { entriesToPapers, entryToPaper } from '../bibtex/entryToPaper';
import { SourceDiagnostic } from '../bibtex/sourceDiagnostic';
import { readCslJson } from '../csl/cslJson';
import { Paper } from '../model';
import { ThemePlacer } from './placeByThemes';

export type BibliographyFormat = 'bibtex' | 'csl-json';

/** A broken entry or other problem, at its place in the file (1-based line and column, as the reader gives). */
export type BibliographyProblem = SourceDiagnostic;

export interface ParsedBibliography {
  papers: Paper[];
  problems: BibliographyProblem[];
}

/**
 * Decodes a bibliography file: UTF-8 (a byte order mark dropped), or, when the bytes are not valid UTF-8, the
 * Windows-1252 superset of Latin-1 that older BibTeX files were saved in.
 */
export function decodeBibliography(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** 0x80-0x9F in Windows-1252 (Node's TextDecoder without full ICU decodes them as Latin-1 control characters). */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const chunk = 8192;
  for (let start = 0; start < bytes.length; start += chunk) {
    const codes = Array.from(bytes.subarray(start, start + chunk), (byte) =>
      byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte);
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

/** Reads a file's text; `file` is the source id the works carry as `origin.file`. Never throws. */
export function parseBibliography(text: string, format: BibliographyFormat, file: string, placer: ThemePlacer): ParsedBibliography {
  if (format === 'bibtex') return parseBibtex(text, file, placer);
  const parsed = parseCslJson(text, file);
  for (const paper of parsed.papers) paper.themes = placer.place(paper);
  return parsed;
}

function parseBibtex(text: string, file: string, placer: ThemePlacer): ParsedBibliography {
  // Each entry is mapped as it is read, so the reader's entry objects die young instead of all surviving to the end
  // (the collector copies whatever survives). An entry that takes fields from others (crossref, xdata), or an @xdata
  // entry, needs the file's other entries, earlier ones included: from the first such entry on, the file is read
  // again whole and mapped as entriesToPapers maps it. Files without them, most, are read once.
  const papers: Paper[] = [];
  let inherits = false;
  const read = readBibtex(text, (entry) => {
    if (inherits) return false;
    const fields = entry.fields;
    if (entry.type === 'xdata' || fields.crossref !== undefined || fields.xdata !== undefined) {
      inherits = true;
      return false;
    }
    // Placed as it is made, while its text is still in the processor's cache.
    const paper = entryToPaper(entry, file);
    paper.themes = placer.place(paper);
    papers.push(paper);
    return false;
  });
  if (!inherits) return { papers, problems: read.diagnostics };
  const whole = readBibtex(text);
  const all = entriesToPapers(whole.entries, file);
  for (const paper of all) paper.themes = placer.place(paper);
  return { papers: all, problems: whole.diagnostics };
}

function parseCslJson(text: string, file: string): ParsedBibliography {
  const read = readCslJson(text, file);
  return { papers: read.papers, problems: read.diagnostics };
}
