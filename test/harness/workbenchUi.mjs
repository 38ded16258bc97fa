// Drives VS Code's web workbench the way a person does: keyboard, command palette, mouse. Used by the
// screenshots script. Selectors are the workbench's own CSS classes, stable across VS Code releases for years.
/* global document, NodeFilter */ // used in page.evaluate callbacks, which run in the browser

const STEP_TIMEOUT = 15_000;

/** Waits for a locator's state, failing with what was awaited rather than Playwright's bare "Timeout". */
async function waitUntil(locator, what, state = 'visible', timeout = STEP_TIMEOUT) {
  try {
    await locator.waitFor({ state, timeout });
  } catch {
    throw new Error(`waited ${timeout / 1000} s for ${what}`);
  }
}

/** Waits until the workbench is restored and the extension host has finished starting extensions. */
export async function waitForWorkbench(page) {
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  // The smoke-test driver exposes the lifecycle service: phase 4 ("Eventually") comes after the window is
  // restored and settled. The status bar shows "Activating Extensions..." while activation events run.
  await page.evaluate(() => globalThis.driver?.lifecycleService?.when?.(4));
  await page.waitForFunction(
    () => !document.querySelector('.statusbar')?.textContent?.includes('Activating Extensions'),
    undefined, { timeout: 60_000 },
  );
}

/** Runs a command by the title the palette shows, e.g. "NHS Leadership Library: Insert Citation…". */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await waitUntil(input, 'the command palette to open');
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  } catch {
    await page.keyboard.press('Escape');
    throw new Error(`the command palette offers no command titled '${title}'`);
  }
  await row.click();
  // The palette closes, or its widget is reused by a quick pick the command opens: either way its '>' goes.
  await page.waitForFunction(() => {
    const widget = document.querySelector('.quick-input-widget');
    const field = widget?.querySelector('input');
    return !widget || widget.style.display === 'none' || !field?.value.startsWith('>');
  }, undefined, { timeout: STEP_TIMEOUT });
}

/** Opens a workspace file through Quick Open and waits for its editor to have focus. */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await waitUntil(input, 'Quick Open to open');
  await input.fill(name);
  // The first search of a session starts the server's file search, which takes a while on a busy machine.
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await waitUntil(row, `Quick Open to list ${name}`, 'visible', 60_000);
  await row.click(); // not Enter: the highlighted row may still be a recently opened file while results update
  await waitUntil(page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`), `the editor tab of ${name}`);
  await waitUntil(page.locator('.editor-instance .monaco-editor.focused'), `the editor of ${name} to have focus`);
}

/** Moves the cursor of the active editor to a 1-based line and column (Go to Line). */
export async function goToLine(page, line, column = 1) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await waitUntil(input, 'Go to Line to open');
  await input.fill(`:${line}:${column}`); // the ':' prefix selects Go to Line in the quick input
  await page.keyboard.press('Enter');
  await waitUntil(input, 'Go to Line to close', 'hidden');
}

/**
 * Rests the mouse on the first occurrence of `text` in the visible part of the active editor, as a reader
 * would, and returns the hover widget once it shows content.
 */
export async function hoverOnText(page, text, { offset = Math.floor(text.length / 2) } = {}) {
  const point = await page.evaluate(({ text, offset }) => {
    // Monaco splits a line into one span per token, so find the text in each line's whole text content.
    for (const line of document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')) {
      const index = line.textContent.replace(/\u00a0/g, ' ').indexOf(text);
      if (index < 0) continue;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let skipped = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent.length;
        if (skipped + length > index + offset) {
          const range = document.createRange();
          range.setStart(node, index + offset - skipped);
          range.setEnd(node, index + offset - skipped + 1);
          const rect = range.getBoundingClientRect();
          return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        }
        skipped += length;
      }
    }
    return undefined;
  }, { text, offset });
  if (!point) throw new Error(`'${text}' is not visible in the active editor`);
  await page.mouse.move(point.x - 40, point.y);
  await page.mouse.move(point.x, point.y, { steps: 5 });
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
  await waitUntil(hover, `a hover over '${text}'`, 'visible', 10_000);
  // Providers answer asynchronously: the hover shows "Loading..." until they have.
  await page.waitForFunction((element) => !element.textContent.includes('Loading...'), await hover.elementHandle(), { timeout: 10_000 })
    .catch(() => undefined);
  return hover;
}

/** Clicks an activity-bar entry (a view container) by its title and waits for its side bar to open. */
export async function openViewContainer(page, title) {
  const item = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  await waitUntil(item, `the activity bar entry '${title}'`);
  const checked = await item.evaluate((element) => element.closest('.action-item')?.classList.contains('checked'));
  if (!checked) await item.click();
  await waitUntil(page.locator('.sidebar .composite.title', { hasText: title }), `the side bar of '${title}'`);
}

/** Closes the primary side bar, if it is open. */
export async function closeSideBar(page) {
  if (await page.locator('.part.sidebar').isVisible()) await runCommand(page, 'View: Close Primary Side Bar');
}

/** Drags the sash between the side bar and the editors so that the side bar is `width` pixels wide. */
export async function resizeSideBar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('the side bar is not open');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y); // the sash straddles the side bar's edge
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
}

/** Moves the mouse to a corner where it shows no tooltip or hover, and waits for any open one to fade. */
export async function parkMouse(page) {
  await page.mouse.move(1, 1);
  await page.locator('.monaco-hover:not(.hidden), .workbench-hover-container').first()
    .waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
}

/** The messages of notification toasts and dialogs now on screen: a screenshot must show neither. */
export async function visibleMessages(page) {
  const toasts = await page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
  const dialogs = await page.locator('.monaco-dialog-box:visible').allInnerTexts();
  return [...toasts, ...dialogs].map((text) => text.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Dismisses every notification, so that a toast from startup does not spoil a screenshot. */
export async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
}
