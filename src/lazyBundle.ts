// The extension's own bundles that are loaded on first use rather than with the extension, so VS Code does not
// compile their code while it activates the extension (see esbuild.js for the bundles).
import * as path from 'path';

/** Loads dist/<name>.js once, when first called. */
export function lazyBundle<T>(extensionPath: string, name: string): () => T {
  let module: T | undefined;
  return () => {
    // A run-time path, so esbuild leaves the require alone and the bundle's code stays out of the main one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module ??= require(path.join(extensionPath, 'dist', `${name}.js`)) as T;
    return module;
  };
}
