/**
 * Loads the recorded device payloads vendored in test/fixtures (test-only: uses fs).
 * Lookup order: $WERKBANK_FIXTURES, then `<repo root>/../shared/fixtures`, then `shared/fixtures` in any
 * ancestor of this file (worktrees nested deeper than the main checkout).
 */
import * as fs from 'fs';
import * as path from 'path';

export interface MqttFixture {
  index: number;
  topic: string;
  payload: string;
  source: string;
  device: string;
  note: string;
  retain?: boolean;
}

export interface HexFixtureLine {
  /** 1-based line number in the file. */
  line: number;
  direction: 'TX' | 'RX' | null;
  bytes: Uint8Array;
  /** The `# decoded:` comment right above, if any. */
  decoded: string | null;
}

const REPO_ROOT = path.resolve(__dirname, '../../..');

function candidates(): string[] {
  const list: string[] = [];
  const fromEnv = process.env.WERKBANK_FIXTURES;
  if (fromEnv) list.push(path.resolve(fromEnv));
  // Vendored copy: a plain clone tests without anything beside it.
  list.push(path.resolve(REPO_ROOT, 'test/fixtures'));
  list.push(path.resolve(REPO_ROOT, '../shared/fixtures'));
  let dir = __dirname;
  for (;;) {
    list.push(path.join(dir, 'shared/fixtures'));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return list;
}

let cachedRoot: string | null = null;

export function fixturesRoot(): string {
  if (cachedRoot !== null) return cachedRoot;
  const tried = candidates();
  const found = tried.find((dir) => fs.existsSync(path.join(dir, 'README.md')));
  if (!found) {
    throw new Error(`device fixtures not found; set WERKBANK_FIXTURES. Tried:\n${tried.join('\n')}`);
  }
  cachedRoot = found;
  return found;
}

export function fixturePath(relative: string): string {
  return path.join(fixturesRoot(), relative);
}

export function loadMqttFixtures(relative: string): MqttFixture[] {
  const raw: unknown = JSON.parse(fs.readFileSync(fixturePath(relative), 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`${relative} is not an array`);
  return raw.map((m: Omit<MqttFixture, 'index'>, index) => ({ ...m, index }));
}

export function loadHexFixture(relative: string): HexFixtureLine[] {
  const lines = fs.readFileSync(fixturePath(relative), 'utf8').split(/\r?\n/);
  const out: HexFixtureLine[] = [];
  let decoded: string | null = null;
  lines.forEach((text, i) => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('#')) {
      const m = /^#\s*decoded:\s*(.*)$/.exec(trimmed);
      if (m) decoded = m[1] ?? null;
      return;
    }
    const m = /^(TX|RX):\s*(.*)$/.exec(trimmed);
    const direction = m ? (m[1] as 'TX' | 'RX') : null;
    const hex = (m ? (m[2] as string) : trimmed).split(/\s+/);
    out.push({ line: i + 1, direction, bytes: Uint8Array.from(hex.map((h) => parseInt(h, 16))), decoded });
    decoded = null;
  });
  return out;
}

export function listFixtures(dir: string, ext: string): string[] {
  return fs
    .readdirSync(fixturePath(dir))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => `${dir}/${f}`);
}
