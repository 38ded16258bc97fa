// Where the harness keeps its tools and the pinned versions it installs. Bump a version here and the next run
// installs it afresh next to the old one (the folder names carry the version).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Ignored by git; reused across runs. @vscode/test-electron keeps its downloads here too. NHS_TEST_CACHE_DIR
 * moves it (a CI cache, or a trial install that must not touch the one in use).
 */
export const CACHE_DIR = path.resolve(process.env.NHS_TEST_CACHE_DIR || path.join(ROOT, '.vscode-test'));

/** code-server 4.139.x requires Node 24 exactly; the system Node (20) stays untouched. */
export const NODE_VERSION = '24.21.0';
export const NODE_PACKAGE = `node-linux-${process.arch}`;
export const NODE_DIR = path.join(CACHE_DIR, 'node24');
export const NODE_HOME = path.join(NODE_DIR, 'node_modules', NODE_PACKAGE);
export const NODE_BIN = path.join(NODE_HOME, 'bin', 'node');

/** code-server 4.139.1 ships VS Code 1.139.1. */
export const CODE_SERVER_VERSION = '4.139.1';
export const CODE_SERVER_DIR = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_HOME = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_HOME, 'out', 'node', 'entry.js');

/** Written last by a successful install; a folder without it is a half-done install and is redone. */
export const INSTALL_MARKER = '.nhs-installed.json';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const EXTENSION_DIR = ROOT;
export const TESTS_INDEX = path.join(ROOT, 'out', 'integration', 'index.js');
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
export const EXAMPLES_WORKSPACE = path.join(ROOT, 'examples');
export const MEDIA_DIR = path.join(ROOT, 'media');
