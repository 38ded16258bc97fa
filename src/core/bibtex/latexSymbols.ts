// The tables the LaTeX decoder looks commands up in: accents (as combining marks), symbols, and math scripts.

/** Accent commands and the combining mark each puts on its argument. NFC later composes `e` + U+0301 into `é`. */
export const ACCENTS: Readonly<Record<string, string>> = {
  '`': '\u0300',
  "'": '\u0301',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  u: '\u0306',
  '.': '\u0307',
  '"': '\u0308',
  r: '\u030A',
  H: '\u030B',
  v: '\u030C',
  d: '\u0323',
  textcommabelow: '\u0326',
  c: '\u0327',
  k: '\u0328',
  b: '\u0331',
  G: '\u030F',
  t: '\u0361',
};

/** What an accent with an empty argument (`\'{}`) prints: the spacing form of the mark. */
export const SPACING_ACCENTS: Readonly<Record<string, string>> = {
  '`': '`',
  "'": '\u00B4',
  '^': '^',
  '~': '~',
  '=': '\u00AF',
  '"': '\u00A8',
  '.': '\u02D9',
  u: '\u02D8',
  v: '\u02C7',
  H: '\u02DD',
  c: '\u00B8',
  k: '\u02DB',
  r: '\u02DA',
};

/** Control words that print one character or a short string (text and math mode alike). */
export const SYMBOLS: Readonly<Record<string, string>> = {
  // Letters.
  i: '\u0131', j: '\u0237', ss: '\u00DF', SS: '\u1E9E', o: '\u00F8', O: '\u00D8', aa: '\u00E5', AA: '\u00C5',
  ae: '\u00E6', AE: '\u00C6', oe: '\u0153', OE: '\u0152', l: '\u0142', L: '\u0141', dh: '\u00F0', DH: '\u00D0',
  th: '\u00FE', TH: '\u00DE', ng: '\u014B', NG: '\u014A', dj: '\u0111', DJ: '\u0110', ij: '\u0133', IJ: '\u0132',
  // Punctuation and text symbols.
  textendash: '\u2013', textemdash: '\u2014', textquoteleft: '\u2018', textquoteright: '\u2019',
  textquotedblleft: '\u201C', textquotedblright: '\u201D', quotesinglbase: '\u201A', quotedblbase: '\u201E',
  guillemotleft: '\u00AB', guillemotright: '\u00BB', guillemetleft: '\u00AB', guillemetright: '\u00BB',
  guilsinglleft: '\u2039', guilsinglright: '\u203A', textquotesingle: "'", textquotedbl: '"',
  ldots: '\u2026', dots: '\u2026', textellipsis: '\u2026', textbackslash: '\\', textasciitilde: '~',
  textasciicircum: '^', textasciigrave: '`', textunderscore: '_', textbraceleft: '{', textbraceright: '}',
  textdollar: '$', textbar: '|', textless: '<', textgreater: '>', textexclamdown: '\u00A1',
  textquestiondown: '\u00BF', textsection: '\u00A7', S: '\u00A7', textparagraph: '\u00B6', P: '\u00B6',
  textdagger: '\u2020', dag: '\u2020', textdaggerdbl: '\u2021', ddag: '\u2021', textbullet: '\u2022',
  textperiodcentered: '\u00B7', textdegree: '\u00B0', textcopyright: '\u00A9', copyright: '\u00A9',
  textregistered: '\u00AE', texttrademark: '\u2122', pounds: '\u00A3', textsterling: '\u00A3', euro: '\u20AC',
  texteuro: '\u20AC', textyen: '\u00A5', textcent: '\u00A2', textperthousand: '\u2030', textnumero: '\u2116',
  textordfeminine: '\u00AA', textordmasculine: '\u00BA', textonehalf: '\u00BD', textonequarter: '\u00BC',
  textthreequarters: '\u00BE', texttimes: '\u00D7', textdiv: '\u00F7', textpm: '\u00B1', textminus: '\u2212',
  textmu: '\u00B5', textcelsius: '\u2103', textleftarrow: '\u2190', textrightarrow: '\u2192',
  textvisiblespace: '\u2423', slash: '/', textslash: '/', hyphen: '-', hyph: '-', nbhyph: '\u2011',
  textnbhyphen: '\u2011', LaTeX: 'LaTeX', TeX: 'TeX', LaTeXe: 'LaTeX2e', BibTeX: 'BibTeX', XeTeX: 'XeTeX',
  LuaTeX: 'LuaTeX', textcompwordmark: '',
  // Spacing and breaks.
  par: ' ', newline: ' ', linebreak: ' ', quad: ' ', qquad: ' ', space: ' ', nobreakspace: '\u00A0',
  thinspace: '\u202F', enspace: ' ', enskip: ' ', relax: '', protect: '', nobreak: '', hfill: ' ',
  allowbreak: '', ignorespaces: '', unskip: '', break: ' ', smallskip: ' ', medskip: ' ', bigskip: ' ',
  // Math.
  alpha: '\u03B1', beta: '\u03B2', gamma: '\u03B3', delta: '\u03B4', epsilon: '\u03B5', varepsilon: '\u03B5',
  zeta: '\u03B6', eta: '\u03B7', theta: '\u03B8', vartheta: '\u03D1', iota: '\u03B9', kappa: '\u03BA',
  lambda: '\u03BB', mu: '\u03BC', nu: '\u03BD', xi: '\u03BE', pi: '\u03C0', varpi: '\u03D6', rho: '\u03C1',
  varrho: '\u03F1', sigma: '\u03C3', varsigma: '\u03C2', tau: '\u03C4', upsilon: '\u03C5', phi: '\u03C6',
  varphi: '\u03C6', chi: '\u03C7', psi: '\u03C8', omega: '\u03C9', Gamma: '\u0393', Delta: '\u0394',
  Theta: '\u0398', Lambda: '\u039B', Xi: '\u039E', Pi: '\u03A0', Sigma: '\u03A3', Upsilon: '\u03A5',
  Phi: '\u03A6', Psi: '\u03A8', Omega: '\u03A9', times: '\u00D7', cdot: '\u00B7', pm: '\u00B1', mp: '\u2213',
  div: '\u00F7', leq: '\u2264', le: '\u2264', geq: '\u2265', ge: '\u2265', neq: '\u2260', ne: '\u2260',
  approx: '\u2248', sim: '\u223C', simeq: '\u2243', equiv: '\u2261', infty: '\u221E', partial: '\u2202',
  nabla: '\u2207', sum: '\u2211', prod: '\u220F', int: '\u222B', sqrt: '\u221A', in: '\u2208',
  notin: '\u2209', subset: '\u2282', supset: '\u2283', cup: '\u222A', cap: '\u2229', emptyset: '\u2205',
  forall: '\u2200', exists: '\u2203', neg: '\u00AC', wedge: '\u2227', vee: '\u2228', rightarrow: '\u2192',
  to: '\u2192', leftarrow: '\u2190', gets: '\u2190', Rightarrow: '\u21D2', Leftarrow: '\u21D0',
  leftrightarrow: '\u2194', Leftrightarrow: '\u21D4', uparrow: '\u2191', downarrow: '\u2193', ll: '\u226A',
  gg: '\u226B', propto: '\u221D', circ: '\u2218', bullet: '\u2022', star: '\u22C6', ast: '\u2217',
  prime: '\u2032', degree: '\u00B0', ell: '\u2113', hbar: '\u210F', aleph: '\u2135', langle: '\u27E8',
  rangle: '\u27E9', lbrace: '{', rbrace: '}', vert: '|', mid: '|', backslash: '\\', colon: ':',
  cdots: '\u22EF', ldotp: '.', cdotp: '\u00B7', setminus: '\u2216', perp: '\u22A5', parallel: '\u2225',
  angle: '\u2220', triangle: '\u25B3', surd: '\u221A', Re: '\u211C', Im: '\u2111', wp: '\u2118',
};

/** Commands whose argument is dropped, not printed (sort keys and other invisible markup). */
export const DROP_ARGUMENT = new Set(['noopsort', 'sortnoop', 'SortNoop', 'nocite', 'label', 'index', 'hspace', 'vspace', 'begin', 'end', 'kern', 'phantom', 'hphantom', 'vphantom', 'cite', 'ref', 'footnote', 'thanks']);

/** Commands that wrap their argument in curly quotes. */
export const QUOTE_ARGUMENT = new Set(['mkbibquote', 'enquote', 'textquote']);

/** Commands whose argument is a URL: printed as written, no LaTeX decoding. */
export const VERBATIM_ARGUMENT = new Set(['url', 'path', 'nolinkurl', 'verb']);

export const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '0': '\u2070', '1': '\u00B9', '2': '\u00B2', '3': '\u00B3', '4': '\u2074', '5': '\u2075', '6': '\u2076',
  '7': '\u2077', '8': '\u2078', '9': '\u2079', '+': '\u207A', '-': '\u207B', '=': '\u207C', '(': '\u207D',
  ')': '\u207E', i: '\u2071', n: '\u207F',
};

export const SUBSCRIPTS: Readonly<Record<string, string>> = {
  '0': '\u2080', '1': '\u2081', '2': '\u2082', '3': '\u2083', '4': '\u2084', '5': '\u2085', '6': '\u2086',
  '7': '\u2087', '8': '\u2088', '9': '\u2089', '+': '\u208A', '-': '\u208B', '=': '\u208C', '(': '\u208D',
  ')': '\u208E', a: '\u2090', e: '\u2091', o: '\u2092', x: '\u2093', h: '\u2095', k: '\u2096', l: '\u2097',
  m: '\u2098', n: '\u2099', p: '\u209A', s: '\u209B', t: '\u209C',
};
