// How a user's bibliography file is named in the library: a local file by its path (what people read in a hover or
// the details page), any other file (a virtual workspace) by its URI. Papers carry it as `origin.file`.
import * as vscode from 'vscode';

export function sourceIdOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** The file a source id names: the target of go-to-definition on a user's key (`origin.file`, `origin.line`). */
export function uriOfSource(id: string): vscode.Uri {
  return /^[A-Za-z][A-Za-z0-9+.-]+:/.test(id) && !/^[A-Za-z]:[\\/]/.test(id) ? vscode.Uri.parse(id, true) : vscode.Uri.file(id);
}
