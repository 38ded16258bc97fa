// The user-bibliography parts (the manager, the parse client, the appender and the file readers they use: half of the
// code activation used to load) are their own bundle, dist/bibliographies.js. Only user libraries need them, so they
// are loaded just after activation rather than with it, and VS Code does not compile them while it activates the
// extension.
// Their commands are registered here at once, and anything that needs the parts first loads them there and then.
import * as vscode from 'vscode';
import { BIBLIOGRAPHY_COMMANDS } from '../constants';
import { Library } from '../core/library';
import type { YieldToHost } from '../core/search/steps';
import { lazyBundle } from '../lazyBundle';
import type * as Bibliographies from './registerBibliographies';
import type { BibliographyParts, BibliographySerialisers } from './registerBibliographies';

export type DeferredBibliographies = Pick<BibliographyParts, 'onDidCite' | 'buildIndex'>;

export function deferBibliographies(
  context: vscode.ExtensionContext,
  library: Library,
  serialisers: BibliographySerialisers,
  /** How the parse client's slices give the event loop back (the TurnQueue all sliced work shares). */
  yieldToHost: YieldToHost,
): DeferredBibliographies {
  const load = lazyBundle<typeof Bibliographies>(context.extensionPath, 'bibliographies');
  let parts: BibliographyParts | undefined;
  const loaded = () => (parts ??= load().registerBibliographies(context, library, serialisers, yieldToHost));
  // Once activate() has returned; discovery of the user's files then starts on a timer of its own.
  const timer = setTimeout(loaded, 0);
  context.subscriptions.push(
    { dispose: () => clearTimeout(timer) },
    ...BIBLIOGRAPHY_COMMANDS.map((id) => vscode.commands.registerCommand(id, (...args: never[]) => loaded().commands[id](...args))),
  );
  return {
    onDidCite: (document, keys) => loaded().onDidCite(document, keys),
    buildIndex: (papers, themes, token) => loaded().buildIndex(papers, themes, token),
  };
}
