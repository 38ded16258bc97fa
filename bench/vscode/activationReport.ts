// Runs inside VS Code's extension host as the "tests" of a benchmark session (bench/vscodeActivation.mjs): opens a
// LaTeX file, which activates the extension (no built-in extension starts on LaTeX, so none shares the host with
// it meanwhile), waits for it to be active, and writes the row VS Code's own Startup Performance view gives it.
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';

const SETTLE_MS = 3000;

export interface VscodeActivation {
  /** The columns of VS Code's "Extension Activation Stats" table, in milliseconds. */
  loadCodeMs: number;
  callActivateMs: number;
  finishActivateMs: number;
  event: string;
}

export async function run(): Promise<void> {
  const out = process.env.NHS_BENCH_OUT;
  if (!out) throw new Error('NHS_BENCH_OUT is not set');
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  if (extension.isActive) throw new Error('the extension was active before the LaTeX file opened');
  const [tex] = await vscode.workspace.findFiles('*.tex', undefined, 1);
  // The workbench and its built-in extensions finish starting first, so the figures are of our start-up, not of the
  // host's busiest seconds (when a restored LaTeX editor would activate us, VS Code's figures also count its work).
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  await vscode.window.showTextDocument(tex);
  const deadline = Date.now() + 30_000;
  while (!extension.isActive) {
    if (Date.now() > deadline) throw new Error('the extension did not activate within 30 s of the LaTeX file opening');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await fs.writeFile(out, JSON.stringify(await activationRow()));
}

/** Our row of the Startup Performance view (the text document `perfview.show` opens). */
async function activationRow(): Promise<VscodeActivation> {
  await vscode.commands.executeCommand('perfview.show');
  for (let attempt = 0; attempt < 100; attempt++) {
    const text = vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'perf')?.getText() ?? '';
    // | id | Eager | Load Code | Call Activate | Finish Activate | Event | By |
    const cells = text.split('\n').find((line) => line.startsWith(`| ${EXTENSION_ID} `))?.split('|').map((cell) => cell.trim());
    if (cells) return { loadCodeMs: Number(cells[3]), callActivateMs: Number(cells[4]), finishActivateMs: Number(cells[5]), event: cells[6] };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the Startup Performance view has no row for the extension');
}
