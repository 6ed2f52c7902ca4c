// The peer-bench documents (../shared/peer-bench/gen-data.mjs, the documents the peers were
// measured on), shared by the benchmarks that open them: generated into a temporary folder
// unless one is given, read, and converted into Spanwise files.
import { readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// The repository, found from here rather than from the browser harness: the rooms benchmark
// (rooms.mjs) uses these documents without a browser.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const PEER_BENCH = join(ROOT, '..', 'shared', 'peer-bench');

/** The folder of generated documents: `given`, or a fresh one filled by the generator. Exits
 * with a message when the peer-bench folder is missing. */
export function benchDataDir(given) {
  if (given) return given;
  const generator = join(PEER_BENCH, 'gen-data.mjs');
  if (!existsSync(generator)) {
    console.error(`cannot find ${generator}: pass --data DIR with the peer-bench documents`);
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'spanwise-bench-'));
  execFileSync('node', [generator, dir], { stdio: 'ignore' });
  return dir;
}

export function loadBenchData(dir, name) {
  const sandbox = { window: {} };
  vm.runInNewContext(readFileSync(join(dir, `${name}.js`), 'utf8'), sandbox);
  return sandbox.window.BENCH_DATA;
}

/** The peer-bench document as a Spanwise file, ids a1…aN, offsets in code points. */
export function toSpanwise(data) {
  const colors = ['#f4a3a8', '#8fc1e3', '#a8d5a2', '#f7c873'];
  return {
    format: 'spanwise',
    version: 2,
    document: { id: data.name, title: data.name, text: data.text },
    schema: { labels: data.labels.map((name, i) => ({ name, color: colors[i % 4], key: String(i + 1) })) },
    annotations: data.annotations.map((a, i) => ({
      id: `a${i + 1}`, kind: 'entity', label: a.label, start: a.cpStart, end: a.cpEnd, text: a.quote,
    })),
  };
}
