// A deterministic generator of large BibTeX libraries for the benchmark: the .bib text, the works it holds as the
// reader should decode them, and search queries whose right answers are known.
//
// Realism that matters for the parsers and the search: about half the entries carry ~150-word abstracts; venues are
// @string macros (some concatenated with #); names with diacritics are written as LaTeX accents ({\"u}, \'{e},
// {\o}, \v{r}) in most entries and as UTF-8 in the rest; a few works have 15-40 authors; titles carry protective
// braces and the odd \emph{}; the vocabulary has a long Zipfian tail, so the index sees as many distinct words as a
// real library. Nothing here is random across runs: the same size and seed give the same bytes.
import { Paper, Person, WorkType } from '../src/core/model';

/** Seeded PRNG (mulberry32): fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type QueryKind = 'title word' | 'author + year' | 'typo' | 'diacritic' | 'multi-word' | 'late author';

export interface BenchQuery {
  kind: QueryKind;
  query: string;
  /** Keys of the works a good search shows first. */
  relevant: string[];
}

export interface GeneratedLibrary {
  bib: string;
  /** The works as a reader should give them: accents decoded, braces gone, macros expanded. */
  works: Paper[];
  queries: BenchQuery[];
}

// ---------------------------------------------------------------------------------------------------------------
// Word lists.

const COMMON_FAMILIES = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas',
  'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris',
  'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson',
  'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson',
  'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson',
  'Simpson', 'Ellis', 'Adams', 'Singh', 'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers',
  'Gray', 'Mason', 'Ali', 'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes',
  'Knight', 'Lloyd', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey',
  'Okafor', 'Adeyemi', 'Mensah', 'Chen', 'Wang', 'Zhang', 'Li', 'Kumar', 'Sharma', 'Gupta', 'Ahmed', 'Rahman',
  "O'Brien", "O'Connor", 'McDonald', 'MacLeod', 'Fitzgerald', 'Nakamura', 'Tanaka', 'Kim', 'Park', 'Cohen'];

const DIACRITIC_FAMILIES = ['Müller', 'Schröder', 'Gómez', 'Núñez', 'García', 'Pérez', 'Sánchez', 'Jiménez',
  'Martínez', 'Hernández', 'Díaz', 'Dvořák', 'Novák', 'Šimek', 'Kovač', 'Łukaszewski', 'Wójcik', 'Gonçalves',
  'Søndergaard', 'Ødegård', 'Åberg', 'Öztürk', 'Çelik', 'Mäkinen', 'Häkkinen', 'Jäger', 'Groß', 'Björk',
  'Fernández', 'Rodríguez', 'López', 'Lefèvre', 'Bélanger', 'Côté', 'Gagné', 'Bérubé', 'Thériault', 'Brontë',
  'Nøhr', 'Klímová', 'Dušek', 'Erdős', 'Szabó', 'Kuçuk', 'Ibáñez', 'Muñoz', 'Peña', 'Ólafsdóttir', 'Þórsson',
  'Čapek', 'Hájek', 'Krüger', 'Schäfer', 'Fußmann', 'Beaulé', 'Çakır', 'Galván', 'Zúñiga'];

const GIVEN_NAMES = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David',
  'Elizabeth', 'Sarah', 'Emma', 'Oliver', 'Amelia', 'Harry', 'Olivia', 'Jack', 'Isla', 'George', 'Ava', 'Noah',
  'Mia', 'Fatima', 'Mohammed', 'Aisha', 'Priya', 'Ravi', 'Chloé', 'José', 'François', 'Zoë', 'Søren', 'Łukasz',
  'Siobhán', 'Björn', 'Renée', 'Jürgen', 'Małgorzata', 'Ángel', 'Inés', 'Noémie', 'Håkon', 'Ádám', 'Ngozi',
  'Chidi', 'Wei', 'Yuki', 'Min-jun', 'Seán', 'Niamh', 'Ciarán', 'Anna', 'Peter', 'Helen', 'Claire', 'Rachel',
  'Thomas', 'Katherine', 'Rebecca', 'Daniel', 'Samuel', 'Hannah', 'Joseph', 'Grace', 'Lucy', 'Paul', 'Mark'];

const ORGANISATIONS = ['NHS England', 'The King\'s Fund', 'Nuffield Trust', 'The Health Foundation',
  'NHS Improvement', 'Care Quality Commission', 'World Health Organization', 'NHS Confederation',
  'Faculty of Medical Leadership and Management', 'Department of Health and Social Care'];

const ADJECTIVES = ['compassionate', 'collective', 'distributed', 'clinical', 'transformational', 'inclusive',
  'shared', 'authentic', 'adaptive', 'relational', 'ethical', 'effective', 'strategic', 'frontline', 'nurse-led',
  'medical', 'integrated', 'organisational', 'senior', 'middle', 'system', 'place-based', 'servant', 'engaging',
  'resilient', 'diverse', 'psychological', 'digital', 'regional', 'national'];

const NOUNS = ['leadership', 'management', 'governance', 'culture', 'teamwork', 'engagement', 'wellbeing',
  'burnout', 'quality', 'safety', 'improvement', 'integration', 'commissioning', 'workforce', 'retention',
  'accountability', 'performance', 'innovation', 'change', 'learning', 'collaboration', 'trust', 'equity',
  'inequalities', 'productivity', 'decision-making', 'mentoring', 'coaching', 'development', 'voice', 'turnover',
  'boards', 'regulation', 'partnerships', 'resilience', 'staffing', 'morale', 'mortality', 'efficiency'];

const CONTEXTS = ['NHS trusts', 'primary care', 'acute hospitals', 'mental health services',
  'integrated care systems', 'community nursing', 'general practice', 'emergency departments', 'maternity units',
  'social care', 'intensive care', 'ambulance services', 'care homes', 'the English NHS', 'Scottish health boards',
  'Welsh health boards', 'hospices', 'surgical teams', 'paediatric wards', 'clinical commissioning groups'];

const STUDY_TYPES = ['a qualitative study', 'a systematic review', 'a realist evaluation', 'a mixed-methods study',
  'a cross-sectional survey', 'an ethnography', 'a scoping review', 'a cohort study', 'a case study',
  'a randomised controlled trial', 'a narrative review', 'an interview study', 'a Delphi study',
  'a longitudinal analysis', 'a national survey'];

// Title words planted for queries: each is put in a handful of titles and nowhere else.
const PLANTED = ['salutogenesis', 'buurtzorg', 'heutagogy', 'kintsugi', 'polycentricity', 'sensemaking',
  'allostasis', 'phronesis', 'wayfinding', 'boundaryless', 'kaizen', 'stewardship', 'followership',
  'hybridity', 'ambidexterity', 'microsystems', 'mindlines', 'sociomateriality'];

const DOMAIN_WORDS = [...new Set([...NOUNS, ...ADJECTIVES, ...CONTEXTS.flatMap((c) => c.split(' ')),
  'patients', 'staff', 'nurses', 'doctors', 'clinicians', 'managers', 'leaders', 'hospital', 'services', 'care',
  'health', 'outcomes', 'data', 'interviews', 'survey', 'participants', 'analysis', 'findings', 'themes',
  'evidence', 'policy', 'practice', 'organisations', 'teams', 'system', 'programme', 'intervention', 'evaluation',
  'framework', 'model', 'approach', 'implementation', 'barriers', 'facilitators', 'experiences', 'perceptions',
  'training', 'skills', 'capacity', 'demand', 'funding', 'costs', 'pressures', 'context', 'relationships',
  'communication', 'support', 'feedback', 'outcome', 'measures', 'indicators', 'targets', 'waiting', 'times',
  'admissions', 'discharge', 'pathways', 'networks', 'board', 'executive', 'directors', 'chief', 'officers'])];

const COMMON_WORDS = ['the', 'of', 'and', 'to', 'in', 'a', 'for', 'was', 'were', 'with', 'on', 'that', 'as', 'by',
  'this', 'from', 'we', 'is', 'are', 'be', 'an', 'at', 'or', 'which', 'these', 'their', 'between', 'more', 'than',
  'study', 'results', 'methods', 'aimed', 'used', 'found', 'reported', 'associated', 'significant', 'higher',
  'lower', 'increased', 'reduced', 'across', 'within', 'among', 'while', 'both', 'however', 'overall',
  'including', 'based', 'identified', 'explored', 'examined', 'suggest', 'indicate', 'showed', 'key', 'role',
  'need', 'further', 'research', 'future', 'important', 'level', 'levels', 'time', 'years', 'number', 'new'];

const ACCENTED_WORDS = ['naïve', 'rôle', 'café', 'Māori', 'coöperation', 'élite', 'façade', 'protégé'];

const JOURNALS: [string, string][] = [['bmj', 'BMJ'], ['bmjlead', 'BMJ Leader'], ['bmjqs', 'BMJ Quality \\& Safety'],
  ['jhom', 'Journal of Health Organization and Management'], ['hsmr', 'Health Services Management Research'],
  ['lhs', 'Leadership in Health Services'], ['ssm', 'Social Science \\& Medicine'], ['ijnurs', 'International Journal of Nursing Studies'],
  ['hcmr', 'Health Care Management Review'], ['bmchsr', 'BMC Health Services Research'], ['jnm', 'Journal of Nursing Management'],
  ['lancet', 'The Lancet'], ['fhj', 'Future Healthcare Journal'], ['jrsm', 'Journal of the Royal Society of Medicine']];

const PUBLISHERS = ['Routledge', 'Palgrave Macmillan', 'Oxford University Press', 'Policy Press', 'Sage',
  'Wiley-Blackwell', 'Cambridge University Press', 'Open University Press'];

const SCHOOLS = ['University of Birmingham', 'University of Manchester', 'King\'s College London',
  'University of Leeds', 'University of Oxford', 'University College London', 'University of Nottingham'];

// LaTeX for the accented letters above, so most entries say {\"u} where the reader must give ü.
const LATEX_ACCENTS: Record<string, string> = {
  'ä': '{\\"a}', 'ö': '{\\"o}', 'ü': '{\\"u}', 'ë': '{\\"e}', 'ï': '{\\"\\i}', 'Ö': '{\\"O}', 'Ü': '{\\"U}',
  'á': "{\\'a}", 'é': "{\\'e}", 'í': "{\\'\\i}", 'ó': "{\\'o}", 'ú': "{\\'u}", 'Á': "{\\'A}", 'É': "{\\'E}",
  'Ó': "{\\'O}", 'ý': "{\\'y}", 'à': '{\\`a}', 'è': '{\\`e}', 'â': '{\\^a}', 'ô': '{\\^o}', 'ê': '{\\^e}',
  'ñ': '{\\~n}', 'ç': '{\\c c}', 'Ç': '{\\c C}', 'ş': '{\\c s}', 'ø': '{\\o}', 'Ø': '{\\O}', 'å': '{\\aa}',
  'Å': '{\\AA}', 'ł': '{\\l}', 'Ł': '{\\L}', 'ř': '{\\v r}', 'š': '{\\v s}', 'Š': '{\\v S}', 'č': '{\\v c}',
  'Č': '{\\v C}', 'ő': '{\\H o}', 'ı': '{\\i}', 'ß': '{\\ss}', 'ā': '{\\=a}', 'æ': '{\\ae}', 'ğ': '{\\u g}',
  'Þ': '{\\TH}', 'ð': '{\\dh}',
};

// ---------------------------------------------------------------------------------------------------------------

const SYLLABLES = ['ba', 'ker', 'lin', 'dor', 'ma', 'vek', 'sor', 'tal', 'qui', 'ren', 'zo', 'pha', 'lum', 'gri',
  'nes', 'tor', 'vi', 'cal', 'mon', 'dre', 'sta', 'pel', 'hu', 'ran', 'xo', 'bel', 'fi', 'gan', 'tro', 'wen'];

class Generator {
  private readonly random: () => number;
  /** Zipf sampler over the abstract vocabulary (real words first, invented words in the long tail). */
  private readonly vocabulary: string[];
  private readonly vocabularyCdf: Float64Array;
  private readonly families: string[];
  private readonly familyCdf: Float64Array;
  private readonly usedKeys = new Set<string>();

  constructor(seed: number, size: number) {
    this.random = prng(seed);
    const tail = Math.min(60_000, 2_000 + size / 2);
    const invented = new Set<string>();
    while (invented.size < tail) invented.add(this.invent(2, 4));
    this.vocabulary = [...COMMON_WORDS, ...DOMAIN_WORDS, ...[...invented].filter((w) => !PLANTED.includes(w))];
    this.vocabularyCdf = zipfCdf(this.vocabulary.length, 1.05);
    // Surnames: a few very common ones, then a long tail of rare ones, diacritics spread through both.
    const inventedFamilies = new Set<string>();
    while (inventedFamilies.size < Math.min(20_000, 200 + size / 5)) {
      const name = this.invent(2, 3);
      inventedFamilies.add(name[0].toUpperCase() + name.slice(1) + (this.random() < 0.15 ? pick(this.random, ['ová', 'ský', 'sen', 'ez', 'ić']) : ''));
    }
    this.families = interleave(COMMON_FAMILIES, DIACRITIC_FAMILIES, [...inventedFamilies]);
    this.familyCdf = zipfCdf(this.families.length, 0.9);
  }

  invent(min: number, max: number): string {
    const count = min + Math.floor(this.random() * (max - min + 1));
    let word = '';
    for (let i = 0; i < count; i++) word += pick(this.random, SYLLABLES);
    return word;
  }

  uniform(): number {
    return this.random();
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return pick(this.random, items);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  vocabularyWord(): string {
    return this.vocabulary[sample(this.vocabularyCdf, this.random())];
  }

  person(): Person {
    const family = this.families[sample(this.familyCdf, this.random())];
    const given = this.chance(0.7) ? this.pick(GIVEN_NAMES) : `${this.pick(GIVEN_NAMES)} ${this.pick(GIVEN_NAMES)[0]}.`;
    return { given, family };
  }

  people(): Person[] {
    if (this.chance(0.04)) return [{ literal: this.pick(ORGANISATIONS) }];
    const count = this.chance(0.03) ? this.int(15, 40) : this.int(1, 6);
    return Array.from({ length: count }, () => this.person());
  }

  title(): string {
    const adjective = this.pick(ADJECTIVES);
    const noun = this.pick(NOUNS);
    const context = this.pick(CONTEXTS);
    const other = this.pick(NOUNS);
    switch (this.int(0, 5)) {
      case 0: return `${cap(adjective)} ${noun} in ${context}: ${this.pick(STUDY_TYPES)}`;
      case 1: return `The role of ${noun} in ${adjective} ${other}`;
      case 2: return `${cap(noun)} and ${other} among staff in ${context}`;
      case 3: return `What drives ${adjective} ${noun}? Evidence from ${context}`;
      case 4: return `${cap(adjective)} ${noun}, ${other} and ${this.vocabularyWord()} in ${context}`;
      default: return `Towards ${adjective} ${noun}: lessons from ${context}`;
    }
  }

  abstract(): string {
    const sentences: string[] = [];
    let count = 0;
    const target = this.int(130, 170);
    const openers = ['Background:', 'Objectives:', 'Methods:', 'Results:', 'Conclusions:'];
    let opener = 0;
    while (count < target) {
      const length = this.int(12, 24);
      const words: string[] = [];
      for (let i = 0; i < length; i++) words.push(this.chance(0.004) ? this.pick(ACCENTED_WORDS) : this.vocabularyWord());
      if (this.chance(0.1)) words.push(`(n = ${this.int(12, 4000)})`);
      if (this.chance(0.05)) words.push(`in ${this.int(1990, 2024)}`);
      let sentence = words.join(' ');
      sentence = sentence[0].toUpperCase() + sentence.slice(1);
      if (opener < openers.length && this.chance(0.3)) sentence = `${openers[opener++]} ${sentence}`;
      sentences.push(`${sentence}.`);
      count += length;
    }
    return sentences.join(' ');
  }

  key(person: Person | undefined, year: number, title: string): string {
    const name = person?.family ?? person?.literal?.split(' ').pop() ?? 'anon';
    const word = title.split(/\s+/).find((w) => w.length > 3 && /^[A-Za-z]/.test(w)) ?? 'work';
    const base = `${ascii(name).toLowerCase()}${year}${ascii(word[0].toUpperCase() + word.slice(1).toLowerCase())}`;
    let key = base;
    for (let i = 0; this.usedKeys.has(key); i++) key = base + String.fromCharCode(97 + (i % 26)) + (i >= 26 ? Math.floor(i / 26) : '');
    this.usedKeys.add(key);
    return key;
  }
}

function cap(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function zipfCdf(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += 1 / Math.pow(i + 1, s);
  for (let i = 0; i < n; i++) cdf[i] /= total;
  return cdf;
}

function sample(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Round-robin merge, so common and accented names are spread over the Zipf ranks rather than bunched. */
function interleave(...lists: string[][]): string[] {
  const result: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; result.length < lists.reduce((n, list) => n + list.length, 0); i++) {
    let added = false;
    for (const list of lists) {
      if (i < list.length) {
        added = true;
        if (!seen.has(list[i])) {
          seen.add(list[i]);
          result.push(list[i]);
        }
      }
    }
    if (!added) break;
  }
  return result;
}

/** Folds to ASCII letters for keys: "Müller" -> "Muller", "Þórsson" -> "THorsson". */
export function ascii(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '')
    .replace(/ø/g, 'o').replace(/Ø/g, 'O').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/ß/g, 'ss')
    .replace(/Þ/g, 'Th').replace(/þ/g, 'th').replace(/ı/g, 'i').replace(/æ/g, 'ae').replace(/ð/g, 'd')
    .replace(/[^A-Za-z0-9]/g, '');
}

// ---------------------------------------------------------------------------------------------------------------
// BibTeX writing.

function latex(text: string, accents: boolean): string {
  let out = text.replace(/&/g, '\\&').replace(/%/g, '\\%');
  if (accents) out = out.replace(/[\u0080-\uffff]/g, (ch) => LATEX_ACCENTS[ch] ?? ch);
  return out;
}

function bibName(person: Person, accents: boolean): string {
  if (person.literal) return `{${latex(person.literal, accents)}}`;
  return `${latex(person.family ?? '', accents)}, ${latex(person.given ?? '', accents)}`;
}

/** Titles as people write them: acronyms protected, sometimes the whole title, sometimes an \emph{}. */
function bibTitle(title: string, g: Generator, accents: boolean): string {
  let out = latex(title, accents).replace(/\b(NHS|COVID|UK|GP)\b/g, '{$1}').replace(/\bEnglish\b/g, '{English}');
  if (g.chance(0.1)) out = `{${out}}`;
  else if (g.chance(0.05)) out = out.replace(/^(\S+)/, '\\emph{$1}');
  return out;
}

const ENTRY_TYPES: [string, WorkType, number][] = [['article', 'article', 0.62], ['book', 'book', 0.06],
  ['incollection', 'chapter', 0.06], ['inproceedings', 'conference', 0.07], ['techreport', 'report', 0.09],
  ['phdthesis', 'thesis', 0.04], ['misc', 'misc', 0.03], ['online', 'webpage', 0.03]];

function entryType(u: number): [string, WorkType] {
  let acc = 0;
  for (const [bib, type, share] of ENTRY_TYPES) {
    acc += share;
    if (u < acc) return [bib, type];
  }
  return ['article', 'article'];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Generates a library of `size` works; the same size and seed always give the same library. */
export function generateLibrary(size: number, seed = 20240611, file = 'library.bib'): GeneratedLibrary {
  const g = new Generator(seed ^ size, size);
  const works: Paper[] = [];
  const chunks: string[] = [];
  chunks.push(`% Generated benchmark library: ${size} entries, seed ${seed}.\n`);
  chunks.push('@preamble{"\\providecommand{\\noopsort}[1]{}"}\n\n');
  for (const [macro, name] of JOURNALS) chunks.push(`@string{${macro} = {${name}}}\n`);
  chunks.push('@string{jhsrp = "Journal of Health Services Research " # "and Policy"}\n\n');

  // Planted title words: a few titles each, so their right answers are few and known.
  const plantedAt = new Map<number, string>();
  const plantRandom = prng(seed + 7);
  for (const word of PLANTED) {
    const copies = 1 + Math.floor(plantRandom() * 4);
    for (let c = 0; c < copies; c++) plantedAt.set(Math.floor(plantRandom() * size), word);
  }

  for (let i = 0; i < size; i++) {
    const [bibType, type] = entryType(g.uniform());
    const accents = g.chance(0.7);
    let title = g.title();
    const planted = plantedAt.get(i);
    if (planted) title = title.replace(/^(\S+) /, `$1 ${planted} `);
    const authors = g.people();
    const year = g.int(1995, 2025);
    const key = g.key(authors[0], year, title);
    const fields: [string, string][] = [];
    const paper: Paper = { key, type, title, authors, year, themes: [], origin: { kind: 'user', file, line: 0, entryType: bibType } };
    fields.push(['author', `{${authors.map((p) => bibName(p, accents)).join(' and ')}}`]);
    fields.push(['title', `{${bibTitle(title, g, accents)}}`]);
    fields.push(['year', g.chance(0.8) ? String(year) : `{${year}}`]);
    switch (bibType) {
      case 'article': {
        const [macro, journal] = g.chance(0.05) ? ['jhsrp', 'Journal of Health Services Research and Policy'] : g.pick(JOURNALS);
        paper.venue = journal.replace(/\\&/g, '&');
        fields.push(['journal', macro]);
        paper.volume = String(g.int(1, 60));
        paper.issue = String(g.int(1, 12));
        paper.pages = `${g.int(1, 900)}--${g.int(901, 999)}`;
        fields.push(['volume', paper.volume], ['number', `{${paper.issue}}`], ['pages', `{${paper.pages}}`]);
        paper.pages = paper.pages.replace('--', '–');
        if (g.chance(0.5)) fields.push(['month', g.pick(MONTHS)]);
        break;
      }
      case 'book':
      case 'incollection':
      case 'inproceedings': {
        paper.publisher = g.pick(PUBLISHERS);
        fields.push(['publisher', `{${paper.publisher}}`]);
        if (bibType !== 'book') {
          paper.venue = `Proceedings of the ${g.pick(['Annual', 'International', 'European'])} Conference on ${cap(g.pick(NOUNS))}`;
          fields.push(['booktitle', `{${paper.venue}}`]);
          const editors = [g.person(), g.person()];
          paper.editors = editors;
          fields.push(['editor', `{${editors.map((p) => bibName(p, accents)).join(' and ')}}`]);
        }
        paper.address = 'London';
        fields.push(['address', '{London}']);
        break;
      }
      case 'techreport':
        paper.publisher = g.pick(ORGANISATIONS);
        fields.push(['institution', `{${latex(paper.publisher, accents)}}`], ['number', `{${g.int(1, 99)}}`]);
        break;
      case 'phdthesis':
        paper.publisher = g.pick(SCHOOLS);
        fields.push(['school', `{${paper.publisher}}`]);
        break;
      default:
        paper.url = `https://example.org/${key}`;
        fields.push(['url', `{${paper.url}}`], ['urldate', `{2024-0${g.int(1, 9)}-1${g.int(0, 9)}}`]);
    }
    if (g.chance(0.6)) {
      paper.doi = `10.${g.int(1000, 9999)}/${key.toLowerCase()}`;
      fields.push(['doi', `{${paper.doi}}`]);
    }
    if (g.chance(0.5)) {
      const text = g.abstract();
      paper.abstract = { text, kind: 'abstract' };
      fields.push(['abstract', `{${latex(text, accents)}}`]);
    }
    if (g.chance(0.3)) fields.push(['keywords', `{${g.pick(NOUNS)}, ${g.pick(NOUNS)}, ${g.pick(ADJECTIVES)} ${g.pick(NOUNS)}}`]);
    if (g.chance(0.02)) chunks.push(`@comment{Imported from a reference manager; entry ${i} checked by hand.}\n\n`);
    const entry = `@${bibType}{${key},\n${fields.map(([name, value]) => `  ${name} = ${value}`).join(',\n')}\n}\n\n`;
    // The line of the @, 0-based like the reader's problems.
    paper.origin = { kind: 'user', file, line: countLines(chunks), entryType: bibType };
    chunks.push(entry);
    works.push(paper);
  }
  return { bib: chunks.join(''), works, queries: makeQueries(works, seed) };
}

// Counting lines by re-scanning every chunk would be quadratic; track the running total instead.
let lineCache: { chunks: string[]; counted: number; lines: number } | undefined;
function countLines(chunks: string[]): number {
  if (!lineCache || lineCache.chunks !== chunks) lineCache = { chunks, counted: 0, lines: 0 };
  for (; lineCache.counted < chunks.length; lineCache.counted++) {
    const chunk = chunks[lineCache.counted];
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lineCache.lines++;
  }
  return lineCache.lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Queries with known answers.

function fold(text: string): string {
  return ascii(text.normalize('NFD')).toLowerCase();
}

function makeQueries(works: Paper[], seed: number): BenchQuery[] {
  const random = prng(seed + 99);
  const queries: BenchQuery[] = [];
  const titleWords = works.map((work) => new Set(work.title.toLowerCase().split(/[^\p{L}\p{N}-]+/u)));
  const families = new Map<string, Paper[]>();
  works.forEach((work) => {
    for (const person of work.authors ?? []) {
      if (!person.family) continue;
      const list = families.get(person.family) ?? [];
      if (list[list.length - 1] !== work) list.push(work);
      families.set(person.family, list);
    }
  });
  const keysWhere = (test: (work: Paper, i: number) => boolean) => works.filter(test).map((work) => work.key);

  // An exact title word, and (other words) the same with two letters swapped.
  const planted = PLANTED.filter((word) => titleWords.some((set) => set.has(word)));
  planted.slice(0, 3).forEach((word) => queries.push({ kind: 'title word', query: word, relevant: keysWhere((_, i) => titleWords[i].has(word)) }));
  planted.slice(3, 6).forEach((word) => {
    const at = Math.floor(word.length / 2);
    const typo = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    queries.push({ kind: 'typo', query: typo, relevant: keysWhere((_, i) => titleWords[i].has(word)) });
  });
  // A classic: "leaderhsip" for the titles about leadership, of which there are many, so precision is easy;
  // it is there for the keystroke timings.
  queries.push({ kind: 'typo', query: 'leaderhsip', relevant: keysWhere((_, i) => titleWords[i].has('leadership')) });

  // An author and a year, where the author published in several years (so a fuzzy year would rank wrongly).
  const byName = (a: [string, Paper[]], b: [string, Paper[]]) => (a[0] < b[0] ? -1 : 1);
  const years = (list: Paper[]) => new Set(list.map((w) => w.year)).size;
  let prolific = [...families].filter(([, list]) => list.length >= 5 && list.length <= 60 && years(list) >= 3).sort(byName);
  if (prolific.length < 3) prolific = [...families].filter(([, list]) => years(list) >= 2).sort(byName);
  for (let q = 0; q < 3 && prolific.length; q++) {
    const [family, list] = prolific.splice(Math.floor(random() * prolific.length), 1)[0];
    const year = list[Math.floor(random() * list.length)].year!;
    queries.push({ kind: 'author + year', query: `${family} ${year}`, relevant: list.filter((w) => w.year === year).map((w) => w.key) });
  }

  // An author with a diacritic, typed without it: a rarer name, so the answer is a few works.
  const accented = [...families].filter(([family, list]) => /[\u0080-\uffff]/.test(family) && list.length >= 2 && list.length <= 12)
    .sort((a, b) => a[0] < b[0] ? -1 : 1);
  for (let q = 0; q < 3 && accented.length; q++) {
    const [family, list] = accented.splice(Math.floor(random() * accented.length), 1)[0];
    queries.push({ kind: 'diacritic', query: fold(family), relevant: list.map((w) => w.key) });
  }

  // Three title words that few titles share: every word must count.
  for (let q = 0, tries = 0; q < 3 && tries < 500; tries++) {
    const i = Math.floor(random() * works.length);
    const candidates = [...titleWords[i]].filter((word) => word.length > 4 && !PLANTED.includes(word) && /^\p{L}+$/u.test(word));
    if (candidates.length < 3) continue;
    const chosen = [candidates[0], candidates[Math.floor(candidates.length / 2)], candidates[candidates.length - 1]];
    if (new Set(chosen).size < 3) continue;
    const relevant = keysWhere((_, j) => chosen.every((word) => titleWords[j].has(word)));
    if (relevant.length > 5) continue;
    queries.push({ kind: 'multi-word', query: chosen.join(' '), relevant });
    q++;
  }

  // An author late in a long author list.
  for (let q = 0, tries = 0; q < 3 && tries < 5000; tries++) {
    const work = works[Math.floor(random() * works.length)];
    const people = work.authors ?? [];
    if (people.length < 15) continue;
    const person = people[people.length - 1 - Math.floor(random() * 4)];
    const list = person.family ? families.get(person.family) : undefined;
    if (!list || list.length > 8 || queries.some((query) => query.query === person.family)) continue;
    queries.push({ kind: 'late author', query: `${person.family}`, relevant: list.map((w) => w.key) });
    q++;
  }
  return queries;
}
