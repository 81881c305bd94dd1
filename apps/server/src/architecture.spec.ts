import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import madge from 'madge';

// The shape of the server, checked on every `npm test` (docs/architecture.md explains the rules):
// no import cycles between files or between the server's folders, no file that grew past what one reader
// keeps in mind, and one data-access style (repositories; no `getRepository` in services or controllers).

const ROOT = join(__dirname, '..', '..', '..');
const SERVER = join(ROOT, 'apps', 'server', 'src');
const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The folder a server file belongs to (`access`, `devices`…); files at the top are the composition root. */
function folderOf(serverRelativePath: string): string | null {
  const parts = serverRelativePath.split('/');
  return parts.length > 1 ? parts[0] : null;
}

/** Every cycle of a directed graph, one per strongly connected component with more than one node (Tarjan). */
export function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next))
        low.set(node, Math.min(low.get(node) as number, indices.get(next) as number));
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return components;
}

describe('server architecture', () => {
  let imports: Record<string, string[]>;
  let circular: string[][];

  beforeAll(async () => {
    const result = await madge(SERVER, {
      fileExtensions: ['ts'],
      tsConfig: join(ROOT, 'tsconfig.json'),
      excludeRegExp: [/\.spec\.ts$/, /[\\/]testing[\\/]/],
    });
    imports = result.obj();
    circular = result.circular();
  }, 60_000);

  it('has no import cycle between files (madge)', () => {
    expect(Object.keys(imports).length).toBeGreaterThan(100);
    expect(circular).toEqual([]);
  });

  it('has no import cycle between the server folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const [file, deps] of Object.entries(imports)) {
      const from = folderOf(file);
      if (from === null || file.startsWith('..')) continue;
      const edges = graph.get(from) ?? new Set<string>();
      for (const dep of deps) {
        const to = dep.startsWith('..') ? null : folderOf(dep);
        if (to !== null && to !== from) edges.add(to);
      }
      graph.set(from, edges);
    }
    expect(graph.get('devices')?.has('access')).toBe(false); // the arrow that used to run back up
    expect(graph.size).toBeGreaterThan(10);
    expect(cyclesOf(graph)).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = sourceFiles(SERVER)
      .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('reads and writes entities through repositories, never getRepository in a service or controller', () => {
    const offenders = sourceFiles(SERVER)
      .filter((file) => /\.(service|controller)\.ts$/.test(file))
      .filter((file) => /\bgetRepository\s*\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file).split(sep).join('/'));
    expect(offenders).toEqual([]);
  });
});

describe('cyclesOf', () => {
  const graph = (edges: [string, string][]) => {
    const g = new Map<string, Set<string>>();
    for (const [a, b] of edges) {
      g.set(a, (g.get(a) ?? new Set()).add(b));
      if (!g.has(b)) g.set(b, new Set());
    }
    return g;
  };

  it('finds a cycle through several folders and none in a layered graph', () => {
    expect(
      cyclesOf(
        graph([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['c', 'd'],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      cyclesOf(
        graph([
          ['a', 'b'],
          ['a', 'c'],
          ['b', 'c'],
        ]),
      ),
    ).toEqual([]);
  });
});
