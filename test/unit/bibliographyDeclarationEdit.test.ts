import * as assert from 'assert';
import { declarationEdit, DeclarationEdit, usesBiblatex } from '../../src/core/bibliography/declarationEdit';
import { declaredBibliographies } from '../../src/core/bibliography/declaredBibliographies';

/** Applies the insertions, last first so earlier offsets stay valid. */
function apply(text: string, edit: DeclarationEdit): string {
  assert.ok(edit.ok, edit.ok ? '' : edit.reason);
  let result = text;
  for (const { offset, text: inserted } of [...edit.insertions].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, offset) + inserted + result.slice(offset);
  }
  return result;
}

function declare(text: string, languageId: string, reference = 'references.bib'): string {
  const result = apply(text, declarationEdit(text, languageId, reference));
  // Whatever the edit, the document must now declare the file, and still declare what it declared before.
  const before = declaredBibliographies(text, languageId).map((item) => item.reference);
  const after = declaredBibliographies(result, languageId).map((item) => item.reference);
  assert.deepStrictEqual(after, [...before, reference]);
  return result;
}

describe('declaration edit: Markdown, Quarto and R Markdown', () => {
  it('creates front matter when there is none', () => {
    assert.strictEqual(declare('# Title\n', 'markdown'), '---\nbibliography: references.bib\n---\n\n# Title\n');
    assert.strictEqual(declare('', 'quarto'), '---\nbibliography: references.bib\n---\n');
  });

  it('keeps CRLF when creating front matter', () => {
    assert.strictEqual(declare('Text\r\nmore\r\n', 'rmd'), '---\r\nbibliography: references.bib\r\n---\r\n\r\nText\r\nmore\r\n');
  });

  it('adds a bibliography key at the end of existing front matter', () => {
    assert.strictEqual(declare('---\ntitle: A\n---\nText', 'markdown'), '---\ntitle: A\nbibliography: references.bib\n---\nText');
    assert.strictEqual(declare('---\r\ntitle: A\r\n...\r\n', 'quarto'), '---\r\ntitle: A\r\nbibliography: references.bib\r\n...\r\n');
  });

  it('turns a single declared file into a list', () => {
    assert.strictEqual(declare('---\nbibliography: main.json # CSL\n---\n', 'markdown'),
      '---\nbibliography: [main.json, references.bib] # CSL\n---\n');
  });

  it('extends a flow list and an empty one', () => {
    assert.strictEqual(declare('---\nbibliography: [a.json, "b.json"]\n---\n', 'markdown'),
      '---\nbibliography: [a.json, "b.json", references.bib]\n---\n');
    assert.strictEqual(declare('---\nbibliography: []\n---\n', 'markdown'), '---\nbibliography: [references.bib]\n---\n');
  });

  it('extends a block list with the indentation of its items', () => {
    assert.strictEqual(declare('---\nbibliography:\n    - a.json\n    - b.json\ntitle: x\n---\n', 'quarto'),
      '---\nbibliography:\n    - a.json\n    - b.json\n    - references.bib\ntitle: x\n---\n');
  });

  it('fills a key with no value', () => {
    assert.strictEqual(declare('---\nbibliography:\ntitle: x\n---\n', 'markdown'), '---\nbibliography: references.bib\ntitle: x\n---\n');
  });

  it('quotes a name YAML would misread', () => {
    assert.strictEqual(declare('---\ntitle: A\n---\n', 'markdown', 'refs: new.bib'), '---\ntitle: A\nbibliography: "refs: new.bib"\n---\n');
  });
});

describe('declaration edit: LaTeX', () => {
  const biblatex = '\\documentclass{article}\n\\usepackage[style=apa]{biblatex}\n\\begin{document}\nText\n\\printbibliography\n\\end{document}\n';

  it('adds \\addbibresource after the biblatex package when the document uses biblatex', () => {
    assert.strictEqual(declare(biblatex, 'latex'),
      '\\documentclass{article}\n\\usepackage[style=apa]{biblatex}\n\\addbibresource{references.bib}\n\\begin{document}\nText\n\\printbibliography\n\\end{document}\n');
  });

  it('adds \\addbibresource after the last existing one', () => {
    const text = '\\usepackage{biblatex}\n\\addbibresource{a.bib}\n\\addbibresource{b.bib}\n% note\n\\begin{document}\n\\end{document}';
    assert.strictEqual(declare(text, 'latex'),
      '\\usepackage{biblatex}\n\\addbibresource{a.bib}\n\\addbibresource{b.bib}\n\\addbibresource{references.bib}\n% note\n\\begin{document}\n\\end{document}');
  });

  it('extends an existing \\bibliography list when the document uses BibTeX', () => {
    const text = '\\begin{document}\n\\bibliographystyle{plain}\n\\bibliography{main}\n\\end{document}\n';
    assert.strictEqual(declare(text, 'latex'), '\\begin{document}\n\\bibliographystyle{plain}\n\\bibliography{main,references}\n\\end{document}\n');
  });

  it('adds \\bibliographystyle and \\bibliography before \\end{document}, plainnat with natbib, keeping CRLF', () => {
    const text = '\\usepackage{natbib}\r\n\\begin{document}\r\nText\r\n\\end{document}\r\n';
    assert.strictEqual(declare(text, 'latex'),
      '\\usepackage{natbib}\r\n\\begin{document}\r\nText\r\n\\bibliographystyle{plainnat}\r\n\\bibliography{references}\r\n\r\n\\end{document}\r\n');
  });

  it('does not add a second \\bibliographystyle', () => {
    const text = '\\begin{document}\n\\bibliographystyle{unsrt}\nText \\end{document}';
    assert.strictEqual(declare(text, 'latex'), '\\begin{document}\n\\bibliographystyle{unsrt}\nText \n\\bibliography{references}\n\n\\end{document}');
  });

  it('ignores commented-out declarations and packages', () => {
    const text = '% \\usepackage{biblatex}\n\\begin{document}\n% \\bibliography{old}\n\\end{document}\n';
    assert.strictEqual(declare(text, 'latex'),
      '% \\usepackage{biblatex}\n\\begin{document}\n% \\bibliography{old}\n\\bibliographystyle{plain}\n\\bibliography{references}\n\n\\end{document}\n');
  });

  it('knows biblatex by a package list naming it, with options and blanks, or by its commands', () => {
    for (const text of ['\\usepackage [backend=biber] \t{biblatex}', '\\RequirePackage{url,biblatex-chicago}', '\\printbibliography', '\\addbibresource{a.bib}']) {
      assert.ok(usesBiblatex(text), text);
    }
    for (const text of ['\\usepackage{mybiblatex}', '\\usepackage{biblatex', '\\usepackage[biblatex]{natbib}', '\\usepackage\n{biblatex}', '% \\usepackage{biblatex}']) {
      assert.ok(!usesBiblatex(text), text);
    }
  });

  it('adds \\addbibresource after the last biblatex package, or the last resource, with options and blanks', () => {
    const text = '\\usepackage[style=apa] {biblatex}\n\\addbibresource [x] {a.bib}\n\\addbibresource[y]{b.bib}  % last\n\\usepackage{url}\n\\begin{document}\n\\end{document}';
    assert.strictEqual(apply(text, declarationEdit(text, 'latex', 'r.bib')),
      '\\usepackage[style=apa] {biblatex}\n\\addbibresource [x] {a.bib}\n\\addbibresource[y]{b.bib}  % last\n\\addbibresource{r.bib}\n\\usepackage{url}\n\\begin{document}\n\\end{document}');
    const packages = '\\usepackage{biblatex}\n\\RequirePackage[a]{x, biblatex}\n\\begin{document}\n\\end{document}';
    assert.strictEqual(apply(packages, declarationEdit(packages, 'latex', 'r.bib')),
      '\\usepackage{biblatex}\n\\RequirePackage[a]{x, biblatex}\n\\addbibresource{r.bib}\n\\begin{document}\n\\end{document}');
  });

  it('extends the first complete \\bibliography list, which takes no options, and knows natbib among other packages', () => {
    const text = '\\bibliography[x]{no}\n\\bibliography {}\n\\bibliography{later}\n\\end{document}';
    assert.strictEqual(apply(text, declarationEdit(text, 'latex', 'r.bib')), '\\bibliography[x]{no}\n\\bibliography {r}\n\\bibliography{later}\n\\end{document}');
    const natbib = '\\usepackage[round]{url, natbib}\n\\begin{document}\n\\end{document}';
    assert.match(apply(natbib, declarationEdit(natbib, 'latex', 'r.bib')), /\\bibliographystyle\{plainnat\}/);
  });

  it('refuses, with a reason, a fragment with no \\end{document}', () => {
    const edit = declarationEdit('\\section{Intro}\nText', 'latex', 'references.bib');
    assert.strictEqual(edit.ok, false);
    assert.match((edit as { reason: string }).reason, /end\{document\}/);
  });

  it('only ever inserts: every byte of the document survives in order', () => {
    for (const text of [biblatex, '---\nbibliography: a.bib\n---\n', '\\bibliography{a}\\end{document}']) {
      const edit = declarationEdit(text, text.includes('\\') ? 'latex' : 'markdown', 'references.bib');
      assert.ok(edit.ok);
      const result = apply(text, edit);
      let at = 0;
      for (const char of text) at = result.indexOf(char, at) + 1;
      assert.ok(at > 0);
    }
  });
});
