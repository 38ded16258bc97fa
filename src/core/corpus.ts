// Reads and validates the bundled corpus. Errors name the work and the field, so a broken data file is fixable.
import { AbstractKind, Corpus, Paper, Person, Theme, WORK_TYPES, WorkType } from './model';

export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusError';
  }
}

type Json = Record<string, unknown>;

const OPTIONAL_STRING_FIELDS = ['subtitle', 'venue', 'publisher', 'address', 'volume', 'issue', 'pages', 'doi', 'url', 'isbn', 'summary', 'note'] as const;
const WORK_FIELDS = new Set<string>(['key', 'type', 'title', 'authors', 'editors', 'year', 'abstract', 'themes', 'sources', ...OPTIONAL_STRING_FIELDS]);

/** Parses the corpus file's text; throws CorpusError naming the work and field at fault. */
export function parseCorpus(text: string): Corpus {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CorpusError(`The corpus file is not valid JSON: ${(error as Error).message}`);
  }
  return validateCorpus(data);
}

export function validateCorpus(data: unknown): Corpus {
  if (!isObject(data)) throw new CorpusError('The corpus file must hold an object with "themes" and "works".');
  if (!Array.isArray(data.themes)) throw new CorpusError('The corpus file has no "themes" list.');
  if (!Array.isArray(data.works)) throw new CorpusError('The corpus file has no "works" list.');

  const themes = data.themes.map((theme, index) => readTheme(theme, index));
  const themeIds = new Set<string>();
  for (const theme of themes) {
    if (themeIds.has(theme.id)) throw new CorpusError(`Theme "${theme.id}" is listed twice.`);
    themeIds.add(theme.id);
  }

  const papers = data.works.map((work, index) => readWork(work, index, themeIds));
  const keys = new Set<string>();
  for (const paper of papers) {
    if (keys.has(paper.key)) throw new CorpusError(`Work "${paper.key}": the key is used by another work.`);
    keys.add(paper.key);
  }
  return { themes, papers };
}

function readTheme(value: unknown, index: number): Theme {
  const where = `Theme ${index + 1}`;
  if (!isObject(value)) throw new CorpusError(`${where} is not an object.`);
  const id = requireString(value, 'id', where);
  const at = `Theme "${id}"`;
  return {
    id,
    label: requireString(value, 'label', at),
    description: requireString(value, 'description', at),
    keywords: requireStringList(value, 'keywords', at),
  };
}

function readWork(value: unknown, index: number, themeIds: Set<string>): Paper {
  if (!isObject(value)) throw new CorpusError(`Work ${index + 1} is not an object.`);
  const key = requireString(value, 'key', `Work ${index + 1}`);
  const where = `Work "${key}"`;
  // A misspelt field would otherwise vanish silently, which reads as "unknown" to the user.
  for (const field of Object.keys(value)) {
    if (!WORK_FIELDS.has(field)) throw new CorpusError(`${where}: field "${field}" is not a known field.`);
  }
  const paper: Paper = {
    key,
    title: requireString(value, 'title', where),
    themes: requireStringList(value, 'themes', where),
    origin: { kind: 'corpus' },
  };
  if (value.type !== undefined) {
    if (!WORK_TYPES.includes(value.type as WorkType)) {
      throw new CorpusError(`${where}: field "type" must be one of ${WORK_TYPES.join(', ')}.`);
    }
    paper.type = value.type as WorkType;
  }
  for (const field of OPTIONAL_STRING_FIELDS) {
    if (value[field] !== undefined) paper[field] = requireString(value, field, where);
  }
  if (value.year !== undefined) {
    if (!Number.isInteger(value.year)) throw new CorpusError(`${where}: field "year" must be a whole number.`);
    paper.year = value.year as number;
  }
  if (value.authors !== undefined) paper.authors = readPeople(value.authors, 'authors', where);
  if (value.editors !== undefined) paper.editors = readPeople(value.editors, 'editors', where);
  if (value.abstract !== undefined) {
    const abstract = value.abstract;
    if (!isObject(abstract)) throw new CorpusError(`${where}: field "abstract" must be an object with "text" and "kind".`);
    const kind = abstract.kind;
    if (kind !== 'abstract' && kind !== 'excerpt') {
      throw new CorpusError(`${where}: field "abstract.kind" must be "abstract" or "excerpt".`);
    }
    paper.abstract = { text: requireString(abstract, 'text', `${where}: abstract`), kind: kind as AbstractKind };
  }
  if (value.sources !== undefined) {
    if (!isObject(value.sources) || !Object.values(value.sources).every((source) => typeof source === 'string')) {
      throw new CorpusError(`${where}: field "sources" must map field names to where they were confirmed.`);
    }
    paper.sources = value.sources as Record<string, string>;
  }
  for (const theme of paper.themes) {
    if (!themeIds.has(theme)) throw new CorpusError(`${where}: field "themes" names an unknown theme "${theme}".`);
  }
  return paper;
}

function readPeople(value: unknown, field: string, where: string): Person[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new CorpusError(`${where}: field "${field}" must be a non-empty list (leave it out when unknown).`);
  }
  return value.map((person, index) => {
    const at = `${where}: ${field}[${index}]`;
    if (!isObject(person)) throw new CorpusError(`${at} must be an object with "family" and "given", or "literal".`);
    const result: Person = {};
    for (const part of ['family', 'given', 'literal'] as const) {
      if (person[part] !== undefined) result[part] = requireString(person, part, at);
    }
    if (!result.family && !result.literal) throw new CorpusError(`${at} needs "family" or "literal".`);
    return result;
  });
}

function requireString(object: Json, field: string, where: string): string {
  const value = object[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CorpusError(`${where}: field "${field}" must be a non-empty string.`);
  }
  return value;
}

function requireStringList(object: Json, field: string, where: string): string[] {
  const value = object[field];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    throw new CorpusError(`${where}: field "${field}" must be a list of strings.`);
  }
  return value as string[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
