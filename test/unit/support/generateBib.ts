// A deterministic generator of BibTeX libraries for tests and benchmarks: N entries of the common types, about half
// with ~150-word abstracts, @string macros for journals and publishers, `#` concatenation, LaTeX accents in names
// and titles, month macros, quoted and bare values, wrapped lines and a few comments between entries. The same
// seed gives the same text. Each work also comes back as the plain Unicode a reader should decode, so a test (or
// the benchmark's precision queries) knows the right answers without trusting any parser.

export interface GeneratedPerson {
  family?: string;
  given?: string;
  literal?: string;
}

export interface GeneratedWork {
  key: string;
  entryType: string;
  /** 1-based line of the entry's `@`. */
  line: number;
  title: string;
  authors?: GeneratedPerson[];
  editors?: GeneratedPerson[];
  year: number;
  venue?: string;
  publisher?: string;
  address?: string;
  volume?: string;
  issue?: string;
  /** As the reader reports it: "12-34". */
  pages?: string;
  doi?: string;
  url?: string;
  isbn?: string;
  abstract?: string;
}

export interface GeneratedLibrary {
  text: string;
  works: GeneratedWork[];
}

export interface GenerateOptions {
  seed?: number;
  /** Share of entries with an abstract; 0.5 unless given. */
  abstractShare?: number;
  /** Words per abstract, about; 150 unless given. */
  abstractWords?: number;
}

/** A piece of text as written in the .bib file and as it should read once decoded. */
type Spelling = readonly [latex: string, text: string];

const ASCII_FAMILIES = [
  'Smith', 'Jones', 'Patel', 'Williams', 'Brown', 'Taylor', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Khan', 'Walker',
  'Wright', 'Robinson', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Lewis',
  'Martin', 'Jackson', 'Clarke', 'Turner', 'Hill', 'Scott', 'Cooper', 'Morris', 'Ward', 'Moore', 'King', 'Watson',
  'Baker', 'Harrison', 'Morgan', 'Young', 'Allen', 'Mitchell', 'Anderson', 'Phillips', 'Bell', 'Parker', 'Davies',
  'Campbell', 'Kelly', 'Murphy', 'Singh', 'Ahmed', 'Chen', 'Wang', 'Li', 'Zhang', 'Kim', 'Nguyen', 'Okafor',
  'Mensah', 'Osei', "O'Brien", 'McDonald', 'MacLeod', 'Ilan-Clarke', 'Shapiro', 'Nicol', 'Coleman', 'Edmonstone',
  'Learmonth', 'Checkland', 'Peckham', 'Segar', 'Eckert', 'Pasmore', 'Steward', 'Rowland', 'Gabriel', 'Howorth',
];

const ACCENTED_FAMILIES: Spelling[] = [
  ['M{\\"u}ller', 'Müller'], ["Garc{\\'\\i}a", 'García'], ['{\\v{S}}koda', 'Škoda'], ['{\\O}stergaard', 'Østergaard'],
  ['Sch{\\"o}n', 'Schön'], ["Ben{\\'\\i}tez", 'Benítez'], ["Dvo{\\v{r}}{\\'a}k", 'Dvořák'], ['Nu{\\~n}ez', 'Nuñez'],
  ['G{\\"o}del', 'Gödel'], ['Erd{\\H{o}}s', 'Erdős'], ['Stra{\\ss}er', 'Straßer'], ['{\\AA}str{\\"o}m', 'Åström'],
  ['Y{\\i}lmaz', 'Yılmaz'], ['{\\c{C}}elik', 'Çelik'], ["Le{\\'o}n", 'León'], ['{\\L}ukasiewicz', 'Łukasiewicz'],
  ["Kov{\\'a}{\\v{c}}", 'Kováč'], ["Jim{\\'e}nez", 'Jiménez'], ['H{\\"a}kkinen', 'Häkkinen'], ["D{\\'\\i}az", 'Díaz'],
  ['{\\"O}zt{\\"u}rk', 'Öztürk'], ['Mu\\~{n}oz', 'Muñoz'], ['Pe\\~na', 'Peña'], ["L\\'{o}pez", 'López'],
  ["Gonz{\\'a}lez", 'González'], ["Rodr{\\'\\i}guez", 'Rodríguez'], ['Bj\\"{o}rk', 'Björk'], ['Sj{\\"o}berg', 'Sjöberg'],
  ['Aks{\\i}n', 'Aksın'], ['T{\\"u}rkmen', 'Türkmen'], ['Fran\\c{c}ois', 'François'], ['W\\k{e}grzyn', 'Węgrzyn'],
];

const PARTICLE_FAMILIES = ['van der Berg', 'de Souza', 'van Gennep', 'von Brandt', 'de la Cruz', 'di Marco'];

const ASCII_GIVEN = [
  'John', 'Mary', 'Sarah', 'David', 'James', 'Emma', 'Olivia', 'Michael', 'Aisha', 'Mohammed', 'Priya', 'Wei', 'Jun',
  'Hannah', 'Rachel', 'Thomas', 'Peter', 'Laura', 'Claire', 'Fiona', 'Ian', 'Graham', 'Helen', 'Ruth', 'Ann', 'Kath',
  'Stephen', 'Julia', 'Imelda', 'Anna', 'J. D.', 'A.', 'Edward D.', 'Graham P.', 'Mark', 'Regina', 'Bill', 'Katy',
];

const ACCENTED_GIVEN: Spelling[] = [
  ["Jos{\\'e}", 'José'], ['Zo{\\"e}', 'Zoë'], ["Ren{\\'e}e", 'Renée'], ['Bj{\\"o}rn', 'Björn'], ['S{\\o}ren', 'Søren'],
  ['Ay{\\c{s}}e', 'Ayşe'], ['{\\L}ukasz', 'Łukasz'], ['Fran{\\c{c}}oise', 'Françoise'], ['J{\\"u}rgen', 'Jürgen'],
  ["In{\\'e}s", 'Inés'], ['Ma{\\"\\i}a', 'Maïa'], ["Chlo{\\'e}", 'Chloé'], ["Ant{\\'o}nio", 'António'],
  ['{\\"O}zge', 'Özge'], ['Bronis{\\l}aw', 'Bronisław'],
];

const CORPORATE: Spelling[] = [
  ['{NHS England}', 'NHS England'], ["{The King's Fund}", "The King's Fund"],
  ['{World Health Organization}', 'World Health Organization'], ['{Care Quality Commission}', 'Care Quality Commission'],
  ['{NHS Leadership Academy}', 'NHS Leadership Academy'], ['{Barnes and Noble Health Group}', 'Barnes and Noble Health Group'],
];

const WORDS = [
  'leadership', 'clinical', 'health', 'care', 'nursing', 'management', 'quality', 'patient', 'safety', 'outcomes',
  'primary', 'hospital', 'community', 'integrated', 'services', 'workforce', 'development', 'policy', 'reform',
  'commissioning', 'collective', 'distributed', 'shared', 'team', 'teams', 'culture', 'change', 'improvement',
  'evaluation', 'study', 'review', 'systematic', 'qualitative', 'analysis', 'framework', 'model', 'approach',
  'practice', 'evidence', 'trust', 'boards', 'governance', 'accountability', 'performance', 'efficiency',
  'innovation', 'digital', 'transformation', 'engagement', 'wellbeing', 'burnout', 'resilience', 'compassion',
  'equality', 'diversity', 'inclusion', 'training', 'education', 'programme', 'competencies', 'skills', 'mentoring',
  'coaching', 'networks', 'partnerships', 'integration', 'public', 'population', 'prevention', 'mental', 'acute',
  'emergency', 'general', 'practitioners', 'doctors', 'nurses', 'managers', 'executives', 'directors',
  'professional', 'identity', 'power', 'discourse', 'politics', 'regulation', 'inspection', 'funding', 'finance',
  'costs', 'waiting', 'times', 'access', 'equity', 'rural', 'urban', 'local', 'national', 'regional', 'strategy',
  'planning', 'decision', 'making', 'data', 'information', 'technology', 'learning', 'organisational', 'behaviour',
  'motivation', 'retention', 'recruitment', 'staff', 'experience', 'satisfaction', 'feedback', 'voice',
  'participation', 'co-production', 'networks', 'peer', 'support', 'pathways', 'transitions', 'capacity',
  'capability', 'values', 'ethics', 'professionalism', 'medical', 'surgical', 'maternity', 'paediatric', 'ageing',
  'frailty', 'dementia', 'stroke', 'cancer', 'diabetes', 'cardiology', 'pharmacy', 'therapy', 'social', 'welfare',
];

const SMALL_WORDS = ['of', 'in', 'the', 'and', 'for', 'to', 'on', 'a', 'with', 'across', 'within', 'from'];

/** Title words that carry LaTeX: protected acronyms, accents, an escaped ampersand. */
const SPECIAL_WORDS: Spelling[] = [
  ['{NHS}', 'NHS'], ['{UK}', 'UK'], ['{England}', 'England'], ['{Scotland}', 'Scotland'], ['{COVID-19}', 'COVID-19'],
  ['{GP}', 'GP'], ['na{\\"\\i}ve', 'naïve'], ["r{\\'e}gime", 'régime'], ['co\\"{o}peration', 'coöperation'],
  ["{\\'e}lite", 'élite'], ['r{\\^o}le', 'rôle'], ['fa{\\c{c}}ade', 'façade'], ['\\&', '&'], ['--', '–'],
  ['\\emph{versus}', 'versus'], ['\\mkbibquote{better}', '“better”'], ['``quality\'\'', '“quality”'],
];

const JOURNALS: [macro: string, latex: string, text: string][] = [
  ['jhom', 'Journal of Health Organization and Management', 'Journal of Health Organization and Management'],
  ['bmj', 'BMJ', 'BMJ'],
  ['bmjl', '{BMJ} Leader', 'BMJ Leader'],
  ['hsj', 'Health Service Journal', 'Health Service Journal'],
  ['ijhpm', 'The International Journal of Health Planning and Management', 'The International Journal of Health Planning and Management'],
  ['ssm', 'Social Science \\& Medicine', 'Social Science & Medicine'],
  ['fhj', 'Future Healthcare Journal', 'Future Healthcare Journal'],
  ['jadvnurs', 'Journal of Advanced Nursing', 'Journal of Advanced Nursing'],
  ['hsr', 'Health Services Research', 'Health Services Research'],
  ['lhs', 'Leadership in Health Services', 'Leadership in Health Services'],
  ['jhsrp', 'Journal of Health Services Research \\& Policy', 'Journal of Health Services Research & Policy'],
  ['bmjqs', '{BMJ} Quality \\& Safety', 'BMJ Quality & Safety'],
];

const PUBLISHERS: [macro: string, latex: string, text: string][] = [
  ['kf', "The King's Fund", "The King's Fund"],
  ['nuff', 'Nuffield Trust', 'Nuffield Trust'],
  ['oup', 'Oxford University Press', 'Oxford University Press'],
  ['cup', 'Cambridge University Press', 'Cambridge University Press'],
  ['palgrave', 'Palgrave Macmillan', 'Palgrave Macmillan'],
  ['routledge', 'Routledge', 'Routledge'],
  ['policy', 'Policy Press', 'Policy Press'],
];

const PLACES = ['London', 'Oxford', 'Cambridge', 'Bristol', 'Manchester', 'Edinburgh', 'Leeds', 'Birmingham'];
const INSTITUTIONS = ['University of Birmingham', "King's College London", 'University of Manchester', 'NHS Confederation', 'Health Foundation'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** mulberry32: small, fast and good enough to make varied test data from a seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateBib(count: number, options: GenerateOptions = {}): GeneratedLibrary {
  const random = prng(options.seed ?? 20240601);
  const abstractShare = options.abstractShare ?? 0.5;
  const abstractWords = options.abstractWords ?? 150;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;

  const chunks: string[] = [];
  let line = 1;
  const emit = (text: string) => {
    chunks.push(text);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
  };

  emit('% Generated library for tests and benchmarks. Text outside entries, like this, is ignored.\n');
  emit('@comment{jabref-meta: databaseType:biblatex;}\n\n');
  for (const [macro, latex] of [...JOURNALS, ...PUBLISHERS]) emit(`@string{${macro} = {${latex}}}\n`);
  emit('\n');

  const person = (): [latex: string, value: GeneratedPerson] => {
    const roll = random();
    let family: Spelling;
    if (roll < 0.25) family = pick(ACCENTED_FAMILIES);
    else if (roll < 0.3) {
      const name = pick(PARTICLE_FAMILIES);
      family = [name, name];
    } else {
      const name = pick(ASCII_FAMILIES);
      family = [name, name];
    }
    const given: Spelling = chance(0.2) ? pick(ACCENTED_GIVEN) : ((name) => [name, name] as const)(pick(ASCII_GIVEN));
    // Most tools write "Family, Given"; some write "Given Family" (particles then lead the family name).
    const latex = chance(0.8) ? `${family[0]}, ${given[0]}` : `${given[0]} ${family[0]}`;
    return [latex, { family: family[1], given: given[1] }];
  };
  const people = (min: number, max: number, corporateShare: number): [string, GeneratedPerson[]] => {
    if (chance(corporateShare)) {
      const [latex, text] = pick(CORPORATE);
      return [latex, [{ literal: text }]];
    }
    const list = Array.from({ length: int(min, max) }, person);
    return [list.map(([latex]) => latex).join(' and '), list.map(([, value]) => value)];
  };
  const title = (): Spelling => {
    const latex: string[] = [];
    const text: string[] = [];
    const length = int(5, 13);
    for (let i = 0; i < length; i++) {
      let word: Spelling;
      const roll = random();
      if (i > 0 && roll < 0.08) word = pick(SPECIAL_WORDS);
      else if (i > 0 && roll < 0.3) {
        const small = pick(SMALL_WORDS);
        word = [small, small];
      } else {
        const plain = pick(WORDS);
        word = [plain, plain];
      }
      if (i === 0) word = capitalisePair(word);
      latex.push(word[0]);
      text.push(word[1]);
    }
    if (chance(0.3)) {
      const plain = pick(WORDS);
      latex.push(`${latex.pop()}: ${capitalise(plain)}`);
      text.push(`${text.pop()}: ${capitalise(plain)}`);
    }
    return [latex.join(' '), text.join(' ')];
  };
  const abstract = (): Spelling => {
    const latex: string[] = [];
    const text: string[] = [];
    let words = 0;
    while (words < abstractWords) {
      const sentence = int(8, 22);
      for (let i = 0; i < sentence; i++) {
        let word: Spelling;
        const roll = random();
        if (roll < 0.02) word = pick(SPECIAL_WORDS);
        else if (roll < 0.03) {
          const n = int(2, 95);
          word = [`${n}\\%`, `${n}%`];
        } else if (roll < 0.3) {
          const small = pick(SMALL_WORDS);
          word = [small, small];
        } else {
          const plain = pick(WORDS);
          word = [plain, plain];
        }
        if (i === 0) word = capitalisePair(word);
        if (i === sentence - 1) word = [`${word[0]}.`, `${word[1]}.`];
        latex.push(word[0]);
        text.push(word[1]);
      }
      words += sentence;
    }
    return [latex.join(' '), text.join(' ')];
  };

  const works: GeneratedWork[] = [];
  for (let index = 0; index < count; index++) {
    const roll = random();
    const entryType = roll < 0.5 ? 'article' : roll < 0.6 ? 'book' : roll < 0.7 ? 'inproceedings' : roll < 0.8 ? 'techreport'
      : roll < 0.88 ? 'incollection' : roll < 0.93 ? 'phdthesis' : 'misc';
    const year = int(1990, 2024);
    const [titleLatex, titleText] = title();
    const fields: [string, string][] = [];
    const work: GeneratedWork = { key: '', entryType, line: 0, title: titleText, year };

    const [authorLatex, authors] = people(1, 6, entryType === 'techreport' || entryType === 'misc' ? 0.3 : 0.03);
    fields.push(['author', `{${authorLatex}}`]);
    work.authors = authors;
    fields.push(['title', `{${titleLatex}}`]);

    if (entryType === 'article') {
      const [macro, , text] = pick(JOURNALS);
      if (chance(0.1)) {
        fields.push(['journal', `${macro} # {: Supplement}`]);
        work.venue = `${text}: Supplement`;
      } else if (chance(0.7)) {
        fields.push(['journal', macro]);
        work.venue = text;
      } else {
        const latex = JOURNALS.find(([name]) => name === macro)![1];
        fields.push(['journal', `{${latex}}`]);
        work.venue = text;
      }
    } else if (entryType === 'inproceedings' || entryType === 'incollection') {
      const [bookLatex, bookText] = title();
      fields.push(['booktitle', `{${entryType === 'inproceedings' ? 'Proceedings of the ' : ''}${bookLatex}}`]);
      work.venue = `${entryType === 'inproceedings' ? 'Proceedings of the ' : ''}${bookText}`;
      if (entryType === 'incollection') {
        const [editorLatex, editors] = people(1, 3, 0);
        fields.push(['editor', `{${editorLatex}}`]);
        work.editors = editors;
      }
    }
    fields.push(['year', chance(0.3) ? String(year) : `{${year}}`]);
    if (entryType === 'article' && chance(0.3)) fields.push(['month', pick(MONTHS)]);
    if (entryType === 'article' || entryType === 'inproceedings') {
      const volume = String(int(1, 60));
      fields.push(['volume', chance(0.1) ? `"${volume}"` : `{${volume}}`]);
      work.volume = volume;
      if (chance(0.7)) {
        const issue = String(int(1, 12));
        fields.push(['number', `{${issue}}`]);
        work.issue = issue;
      }
    }
    if (entryType === 'article' || entryType === 'inproceedings' || entryType === 'incollection') {
      const first = int(1, 900);
      const last = first + int(3, 30);
      fields.push(['pages', `{${first}--${last}}`]);
      work.pages = `${first}-${last}`;
    }
    if (entryType === 'book' || entryType === 'incollection' || entryType === 'inproceedings') {
      const [macro, , text] = pick(PUBLISHERS);
      fields.push(['publisher', macro]);
      work.publisher = text;
      const place = pick(PLACES);
      fields.push(['address', `{${place}}`]);
      work.address = place;
    }
    if (entryType === 'techreport') {
      const institution = pick(INSTITUTIONS);
      fields.push(['institution', `{${institution}}`]);
      work.publisher = institution;
      if (chance(0.5)) {
        const issue = String(int(1, 400));
        fields.push(['number', `{${issue}}`]);
        work.issue = issue;
      }
    }
    if (entryType === 'phdthesis') {
      const school = pick(INSTITUTIONS);
      fields.push(['school', `{${school}}`]);
      work.publisher = school;
    }
    if (entryType === 'book' && chance(0.8)) {
      const isbn = `978${String(int(0, 9_999_999_999)).padStart(10, '0')}`;
      fields.push(['isbn', `{${isbn}}`]);
      work.isbn = isbn;
    }
    if (entryType !== 'misc' && entryType !== 'phdthesis' && chance(0.7)) {
      const doi = `10.${int(1000, 9999)}/${pick(WORDS)}.${year}.${index}`;
      fields.push(['doi', `{${doi}}`]);
      work.doi = doi;
    }
    if (entryType === 'misc' || entryType === 'techreport' || chance(0.2)) {
      const url = `https://example.org/library/${year}/${index}?format=pdf&lang=en`;
      fields.push(['url', `{${url}}`]);
      work.url = url;
    }
    if (chance(abstractShare)) {
      const [latex, text] = abstract();
      fields.push(['abstract', `{${chance(0.25) ? wrap(latex) : latex}}`]);
      work.abstract = text;
    }
    if (chance(0.4)) fields.push(['keywords', `{${pick(WORDS)}, ${pick(WORDS)}, ${pick(WORDS)}}`]);
    if (chance(0.05)) emit(`% Entry ${index + 1} below was imported by hand.\n`);

    const familyForKey = authors[0].family ?? authors[0].literal ?? 'anon';
    work.key = `${asciiFold(familyForKey).replace(/[^A-Za-z]/g, '').toLowerCase()}${capitalise(asciiFold(titleText.split(' ')[0]).replace(/[^A-Za-z]/g, ''))}${year}-${index.toString(36)}`;
    work.line = line;
    emit(`@${entryType}{${work.key},\n${fields.map(([name, value]) => `  ${name} = ${value}`).join(',\n')}\n}\n\n`);
    works.push(work);
  }
  return { text: chunks.join(''), works };
}

/** Wraps a long value the way hand-edited files do: newlines and a deep indent. */
function wrap(text: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current.length + word.length > 70 && current !== '') {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  lines.push(current);
  return lines.join('\n                  ');
}

/** Capitalises a word in the .bib file and its decoded text alike (not at all when the LaTeX starts with a command). */
function capitalisePair([latex, text]: Spelling): Spelling {
  return /^[a-z]/.test(latex) ? [capitalise(latex), capitalise(text)] : [latex, text];
}

function capitalise(word: string): string {
  // Skips a leading brace or backslash so {NHS} and \emph{x} stay as they are.
  return /^[a-z]/.test(word) ? word[0].toUpperCase() + word.slice(1) : word;
}

function asciiFold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}
