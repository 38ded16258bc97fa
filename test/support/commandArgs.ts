// Shared by the unit and integration tests of rendered hovers: no `vscode` here, so both can import it.

/** Reads a command link's arguments the way VS Code's opener does: URI decoding, then one more decode if that parses. */
export function commandArgs(href: string): unknown {
  const query = decodeURIComponent(href.slice(href.indexOf('?') + 1));
  try {
    return JSON.parse(decodeURIComponent(query));
  } catch {
    return JSON.parse(query);
  }
}
