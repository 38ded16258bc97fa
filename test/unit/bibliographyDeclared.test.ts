import * as assert from 'assert';
import {
  bibliographyFormat,
  declaredBibliographies,
  declaredInFrontMatter,
  declaredInLatex,
  declaredInYamlFile,
  latexRootMagic,
  quartoProjectDirectories,
  resolveReference,
} from '../../src/core/bibliography/declaredBibliographies';
import { findFrontMatter } from '../../src/core/bibliography/yamlBibliography';

const names = (list: { reference: string }[]) => list.map((item) => item.reference);

describe('declared bibliographies: LaTeX', () => {
  it('reads \\bibliography{a,b} as a.bib and b.bib, keeping an explicit .bib', () => {
    assert.deepStrictEqual(names(declaredInLatex('\\bibliography{refs, more/other.bib}')), ['refs.bib', 'more/other.bib']);
  });

  it('reads \\addbibresource with and without options, as written', () => {
    const text = '\\addbibresource{main.bib}\n\\addbibresource[label=x,datatype=bibtex]{extra.bib}';
    assert.deepStrictEqual(names(declaredInLatex(text)), ['main.bib', 'extra.bib']);
    assert.ok(declaredInLatex(text).every((item) => item.kind === 'biblatex'));
  });

  it('ignores declarations in % comments but not after an escaped \\%', () => {
    const text = '% \\bibliography{old}\n50\\% done \\addbibresource{new.bib} % \\addbibresource{gone.bib}';
    assert.deepStrictEqual(names(declaredInLatex(text)), ['new.bib']);
  });

  it('does not take \\bibliographystyle for a declaration', () => {
    assert.deepStrictEqual(names(declaredInLatex('\\bibliographystyle{plain}\n\\bibliography{refs}')), ['refs.bib']);
  });

  it('skips remote biblatex resources', () => {
    const text = '\\addbibresource[location=remote]{http://example.org/x.bib}\n\\addbibresource{https://example.org/y.bib}';
    assert.deepStrictEqual(declaredInLatex(text), []);
  });

  it('gives the offset of each name in the text', () => {
    const text = 'x \\bibliography{ab, cd}';
    const [first, second] = declaredInLatex(text);
    assert.strictEqual(text.slice(first.offset, first.offset + 2), 'ab');
    assert.strictEqual(text.slice(second.offset, second.offset + 2), 'cd');
  });

  it('reads blanks and one line break before the options or the list, but no more', () => {
    const text = '\\bibliography \n\t{a}\n\\addbibresource  [datatype=bibtex]\t{b.bib}\n\\addbibresource\n\n{c.bib}\n\\addbibresource[x]\n{d.bib}';
    assert.deepStrictEqual(names(declaredInLatex(text)), ['a.bib', 'b.bib']);
    assert.deepStrictEqual(names(declaredInLatex('\\bibliography\r\n  {crlf}')), ['crlf.bib']);
  });

  it('reads no declaration whose options or list never close, and still reads the ones after it', () => {
    assert.deepStrictEqual(names(declaredInLatex('\\addbibresource[unclosed {a.bib}\n\\addbibresource{b.bib}')), ['b.bib']);
    assert.deepStrictEqual(names(declaredInLatex('\\bibliography[x] y \\bibliography \\nobibliography{ok}')), ['ok.bib']);
    // A list holds no "}": an unclosed one runs to the next, which it takes for its own.
    assert.deepStrictEqual(names(declaredInLatex('\\bibliography{a,\n\\nobibliography{ok}')), ['a.bib', '\\nobibliography{ok.bib']);
  });

  it('reads a % !TEX root magic comment', () => {
    assert.strictEqual(latexRootMagic('% !TEX root = ../main.tex\n\\section{A}'), '../main.tex');
    assert.strictEqual(latexRootMagic('%!TeX root=  my main.tex \t\r\n'), 'my main.tex');
    // A magic comment that names nothing is passed over for a later one.
    assert.strictEqual(latexRootMagic('% !TEX root =  \t\n% !TEX root = b.tex'), 'b.tex');
    assert.strictEqual(latexRootMagic('\\section{A}'), undefined);
  });
});

describe('declared bibliographies: pandoc front matter', () => {
  it('reads a plain, a single-quoted and a double-quoted string', () => {
    assert.deepStrictEqual(names(declaredInFrontMatter('---\ntitle: A\nbibliography: refs.bib\n---\n')), ['refs.bib']);
    assert.deepStrictEqual(names(declaredInFrontMatter("---\nbibliography: 'my refs.bib'\n---\n")), ['my refs.bib']);
    assert.deepStrictEqual(names(declaredInFrontMatter('---\nbibliography: "a \\"b\\".bib" # why\n---\n')), ['a "b".bib']);
  });

  it('reads a flow list, also across lines', () => {
    assert.deepStrictEqual(names(declaredInFrontMatter('---\nbibliography: [a.bib, "b c.json"]\n---\n')), ['a.bib', 'b c.json']);
    assert.deepStrictEqual(names(declaredInFrontMatter('---\nbibliography: [\n  a.bib,\n  b.bib\n]\n---\n')), ['a.bib', 'b.bib']);
  });

  it('reads a block list, indented or level with the key, with comments between items', () => {
    const indented = '---\nbibliography:\n  - a.bib # main\n  # none\n  - b.bib\ntitle: x\n---\n';
    assert.deepStrictEqual(names(declaredInFrontMatter(indented)), ['a.bib', 'b.bib']);
    assert.deepStrictEqual(names(declaredInFrontMatter('---\nbibliography:\n- a.bib\n- b.bib\n...\n')), ['a.bib', 'b.bib']);
  });

  it('reads CRLF front matter', () => {
    assert.deepStrictEqual(names(declaredInFrontMatter('---\r\nbibliography: refs.bib\r\n---\r\nText')), ['refs.bib']);
  });

  it('ignores bibliography: inside a block scalar, a comment, or the body', () => {
    const text = '---\nabstract: |\n  bibliography: fake.bib\n# bibliography: commented.bib\ntitle: T\n---\n\nbibliography: body.bib\n';
    assert.deepStrictEqual(declaredInFrontMatter(text), []);
    const spaced = '---\nabstract   : >-\n  bibliography: a.bib\n"note" :  |+ # kept\n  bibliography: b.bib\n- item  :\t|\n  bibliography: c.bib\nno colon    here\nbibliography: d.bib\n---\n';
    assert.deepStrictEqual(names(declaredInFrontMatter(spaced)), ['d.bib']);
  });

  it('opens a quoted item only at its start, and reads no list after one that never closes', () => {
    assert.deepStrictEqual(names(declaredInFrontMatter(`---\nbibliography: [  'a, b.bib' , "c].bib", it's.bib]\n---\n`)), ['a, b.bib', 'c].bib', "it's.bib"]);
    assert.deepStrictEqual(names(declaredInFrontMatter('---\nbibliography: [a.bib\ntitle: T\n---\n')), []);
    // From an unclosed list on, the YAML is malformed (a YAML reader rejects the block): a later list is not read.
    assert.deepStrictEqual(names(declaredInFrontMatter("---\nbibliography: ['a.bib\nformat:\n  html:\n    bibliography: [b.bib]\n---\n")), []);
  });

  it('finds no front matter when --- is followed by a blank line or never closed', () => {
    assert.strictEqual(findFrontMatter('---\n\nbibliography: a.bib\n---\n'), undefined);
    assert.strictEqual(findFrontMatter('---\nbibliography: a.bib\n'), undefined);
    assert.strictEqual(findFrontMatter('Text\n---\nbibliography: a.bib\n---\n'), undefined);
  });

  it('chooses LaTeX or front matter by language', () => {
    const text = '---\nbibliography: a.bib\n---\n\\bibliography{b}';
    assert.deepStrictEqual(names(declaredBibliographies(text, 'quarto')), ['a.bib']);
    assert.deepStrictEqual(names(declaredBibliographies(text, 'latex')), ['b.bib']);
  });
});

describe('declared bibliographies: Quarto project', () => {
  it('reads bibliography at the top level and under a format, once each', () => {
    const yaml = 'project:\n  type: book\nbibliography: refs.bib\nformat:\n  html:\n    bibliography: [refs.bib, web.json]\n';
    assert.deepStrictEqual(names(declaredInYamlFile(yaml)), ['refs.bib', 'web.json']);
  });

  it('walks from the document directory up to the workspace folder, nearest first', () => {
    assert.deepStrictEqual(quartoProjectDirectories('/w/book/ch/one.qmd', '/w'), ['/w/book/ch', '/w/book', '/w']);
    assert.deepStrictEqual(quartoProjectDirectories('/w/one.qmd', '/w/'), ['/w']);
    assert.deepStrictEqual(quartoProjectDirectories('/w/a/one.qmd', '/w//'), ['/w/a', '/w']);
    assert.deepStrictEqual(quartoProjectDirectories('/elsewhere/one.qmd', '/w'), []);
    assert.deepStrictEqual(quartoProjectDirectories('/wx/one.qmd', '/w'), []);
  });
});

describe('declared bibliographies: paths', () => {
  it('resolves a name against the declaring file directory', () => {
    assert.strictEqual(resolveReference('/w/docs/paper.md', 'refs.bib'), '/w/docs/refs.bib');
    assert.strictEqual(resolveReference('/w/docs/paper.md', '../bib/./refs.bib'), '/w/bib/refs.bib');
    assert.strictEqual(resolveReference('/w/docs/paper.md', 'sub\\refs.bib'), '/w/docs/sub/refs.bib');
  });

  it('keeps absolute names, including Windows drive paths', () => {
    assert.strictEqual(resolveReference('/w/paper.md', '/home/me/refs.bib'), '/home/me/refs.bib');
    assert.strictEqual(resolveReference('/c:/w/paper.md', 'D:\\lib\\refs.bib'), '/D:/lib/refs.bib');
  });

  it('tells BibTeX from CSL-JSON by extension', () => {
    assert.strictEqual(bibliographyFormat('/a/refs.BIB'), 'bibtex');
    assert.strictEqual(bibliographyFormat('/a/refs.json'), 'csl-json');
    assert.strictEqual(bibliographyFormat('/a/refs.yaml'), undefined);
  });
});
