// Takes the README's screenshots from the real UI: VS Code (code-server) with the extension under development,
// opened on a copy of examples/ in headless Chromium at 1400x900. Each shot is one small function that sets the
// scene and checks the feature is really on screen; no PNG is written that shows a notification or a dialog.
//
// Usage (after `node esbuild.js`, which `npm run screenshots` does):
//   node test/harness/screenshots.mjs [--only <name>[,<name>…]] [--out <folder>] [--keep]
//     --only  take only these shots (names below: tree, hover-markdown, hover-latex, picker)
//     --out   where to write the PNGs (default media/)
//     --keep  keep the sandbox folder and print its path
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHost } from './installHost.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';
import { createSandbox } from './sandbox.mjs';
import { startCodeServer } from './codeServer.mjs';
import { launchChromium } from './chromium.mjs';
import { HarnessError, log, runMain } from './log.mjs';
import { EXAMPLES_WORKSPACE, EXTENSION_DIR, MEDIA_DIR, ROOT } from './paths.mjs';
import { onInterrupt } from './interrupt.mjs';
import {
  clearNotifications, closeSideBar, goToLine, hoverOnText, openFile, openViewContainer, parkMouse, resizeSideBar,
  runCommand, visibleMessages, waitForWorkbench,
} from './workbenchUi.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const CONTAINER_TITLE = manifest.contributes.viewsContainers.activitybar[0].title;
const MARKDOWN_PAPER = 'leadership-review.md';
const LATEX_PAPER = 'leadership-review.tex';

/** The palette title of a contributed command: "Category: Title". */
function commandTitle(id) {
  const command = manifest.contributes.commands.find((candidate) => candidate.command === id);
  if (!command) throw new Error(`package.json declares no command ${id}`);
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

/** Each shot: a name for --only, the PNG it writes, and a function that sets the scene on `page`. */
const SHOTS = [
  { name: 'tree', file: 'screenshot-papers-tree.png', take: papersTree },
  { name: 'hover-markdown', file: 'screenshot-hover-markdown.png', take: markdownHover },
  { name: 'hover-latex', file: 'screenshot-hover-latex.png', take: latexHover },
  { name: 'picker', file: 'screenshot-citation-picker.png', take: citationPicker },
];

/** The Papers tree in the library's side bar, a group open, beside the Markdown paper. */
async function papersTree(page) {
  await openFile(page, MARKDOWN_PAPER);
  await openViewContainer(page, CONTAINER_TITLE);
  const papers = page.locator('.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Papers' }) });
  const rows = papers.locator('.monaco-list-row');
  try {
    await rows.first().waitFor({ timeout: 10_000 });
  } catch {
    const message = (await papers.locator('.pane-body').innerText().catch(() => '')).trim();
    throw new Error(`the Papers view shows no items${message ? ` ("${message}")` : ''}: is its tree registered?`);
  }
  // Wide enough for short titles and authors; then the first group open, so that works show under it.
  await resizeSideBar(page, 520);
  const collapsed = papers.locator('.monaco-list-row[aria-expanded="false"]').first();
  if (await collapsed.count()) await collapsed.click();
  await parkMouse(page);
}

/** Hovers and the picker are about the editor: the side bar is closed to give it the width. */
async function markdownHover(page) {
  await closeSideBar(page);
  await hoverOnCitation(page, MARKDOWN_PAPER, 'shapiroLeadershipNHS2011');
}

async function latexHover(page) {
  await closeSideBar(page);
  await hoverOnCitation(page, LATEX_PAPER, 'colemanLeadershipHealthCommissioning2015');
}

/** Opens a paper, scrolls the citation into view, and rests the mouse on its key until our hover shows. */
async function hoverOnCitation(page, file, key) {
  const paper = lookupCorpusWork(key);
  await openFile(page, file);
  // A few lines above the citation, so that the hover has room above it and the context shows.
  await goToLine(page, Math.max(1, lineOf(file, key) - 4));
  const hover = await hoverOnText(page, key);
  try {
    await hover.filter({ hasText: paper.title.slice(0, 30) }).waitFor({ timeout: 10_000 });
  } catch {
    const text = (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 120);
    throw new Error(`the hover over ${key} does not show the work's title (it shows: "${text}"): is the hover provider registered?`);
  }
}

/** The 1-based number of the first line of an example file that contains `text`. */
function lineOf(file, text) {
  const index = fs.readFileSync(path.join(EXAMPLES_WORKSPACE, file), 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new HarnessError(`examples/${file} no longer contains '${text}': update the screenshot script`);
  return index + 1;
}

/** The citation picker, opened from the palette at the end of a sentence of the Markdown paper, a query typed. */
async function citationPicker(page) {
  await closeSideBar(page);
  await openFile(page, MARKDOWN_PAPER);
  await goToLine(page, lineOf(MARKDOWN_PAPER, 'This review asks'));
  await page.keyboard.press('End');
  await runCommand(page, commandTitle('nhsLibrary.insertCitation'));
  const rows = page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row');
  try {
    await rows.first().waitFor({ timeout: 10_000 });
  } catch {
    throw new Error(`the citation picker did not open${await whatVsCodeSays(page)}`);
  }
  await page.keyboard.type('collective leadership', { delay: 40 });
  await page.waitForTimeout(600);
}

function lookupCorpusWork(key) {
  const corpus = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources', 'corpus.json'), 'utf8'));
  const work = corpus.works.find((candidate) => candidate.key === key);
  if (!work) throw new HarnessError(`the corpus has no work ${key}: update the screenshot script`);
  return work;
}

async function whatVsCodeSays(page) {
  const messages = await visibleMessages(page);
  return messages.length ? ` (VS Code says: ${messages.join(' | ')})` : '';
}

/** Clears the stage between shots: no widget, no editor, no notification, the mouse out of the way. */
async function resetWindow(page) {
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
  await parkMouse(page);
  await runCommand(page, 'View: Close All Editors');
  await clearNotifications(page);
}

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    out: { type: 'string', default: MEDIA_DIR },
    keep: { type: 'boolean', default: false },
  },
});

await runMain(async () => {
  const wanted = options.only?.split(',').map((name) => name.trim());
  const unknown = wanted?.filter((name) => !SHOTS.some((shot) => shot.name === name)) ?? [];
  if (unknown.length) throw new HarnessError(`no shot named ${unknown.join(', ')}; the shots are ${SHOTS.map((shot) => shot.name).join(', ')}`);
  const shots = SHOTS.filter((shot) => !wanted || wanted.includes(shot.name));
  fs.mkdirSync(options.out, { recursive: true });

  ensurePrerequisites(['chromium']);
  const host = await ensureHost();
  const resources = [];
  const cleanUp = async () => {
    for (const dispose of resources.splice(0).reverse()) await dispose();
  };
  const interrupted = onInterrupt(cleanUp);
  let interruptedBy;
  void interrupted.then((signal) => (interruptedBy = signal));
  const results = [];
  try {
    const sandbox = createSandbox({
      kind: 'shots',
      settings: {
        'workbench.colorTheme': 'Default Dark Modern',
        'editor.hover.delay': 200,
        // The cursor's word would be highlighted wherever the cursor happens to rest.
        'editor.occurrencesHighlight': 'off',
        'editor.selectionHighlight': false,
      },
    });
    if (options.keep) {
      sandbox.keep();
      log(`sandbox kept at ${sandbox.dir}`);
    } else {
      resources.push(() => sandbox.dispose());
    }
    const workspace = sandbox.copyFolder(EXAMPLES_WORKSPACE, 'examples');
    const server = await startCodeServer(host, sandbox);
    resources.push(() => server.stop());
    const { context, page } = await launchChromium(sandbox, { viewport: { width: 1400, height: 900 } });
    resources.push(() => context.close());
    await page.goto(server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: EXTENSION_DIR }));
    await waitForWorkbench(page);
    log('workbench ready');

    for (const shot of shots) {
      if (interruptedBy) break;
      const file = path.join(options.out, shot.file);
      // A second attempt absorbs the odd slow step of a busy machine; a missing feature fails both.
      for (let attempt = 1; attempt <= 2; attempt++) {
        try {
          await resetWindow(page);
          await shot.take(page);
          const messages = await visibleMessages(page);
          if (messages.length) throw new Error(`a notification or dialog is on screen: ${messages.join(' | ')}`);
          await page.screenshot({ path: file });
          results.push({ shot, ok: true });
          log(`✔ ${shot.name}: wrote ${path.relative(process.cwd(), file)}`);
          break;
        } catch (error) {
          const reason = error.message.split('\n')[0];
          log(`✘ ${shot.name}${attempt === 1 ? ' (trying again)' : ''}: ${reason}`);
          if (options.keep) await page.screenshot({ path: path.join(sandbox.dir, `failed-${shot.name}-${attempt}.png`) });
          if (attempt === 2) results.push({ shot, ok: false, reason });
        }
      }
    }
  } finally {
    await cleanUp();
  }
  if (interruptedBy) return 130;
  const failed = results.filter((result) => !result.ok);
  log(`${results.length - failed.length} of ${shots.length} screenshots taken` +
    (failed.length ? `; not taken: ${failed.map((result) => result.shot.name).join(', ')}` : ''));
  return failed.length ? 1 : 0;
});
