// Brotli and gzip sizes of what an English page loads for the widget (loader, the
// module with the glue and its snippets, wasm), and with --check, a failure when the brotli total
// exceeds the budget recorded in size-budget.json. A page in another language also
// loads its lang/<tag>.json: those are listed apart, outside the total. Sizes are
// deterministic for a given build.
// With --json, prints the rows (no total) as a JSON array instead of the table, for
// scripts/bench.sh; a --check verdict then goes to stderr so stdout stays JSON.
//
//   node scripts/size.mjs [--check] [--json] [dist folder]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const args = process.argv.slice(2);
const check = args.includes('--check');
const json = args.includes('--json');
const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// What the widget needs at run time: the loader, the module (the glue with its
// snippets, bundled by scripts/minify.mjs), the wasm.
const files = [
  join(dist, 'magic-link-login.js'),
  join(dist, 'magic-link-widget.js'),
  join(dist, 'magic-link-widget_bg.wasm'),
];

function sizes(path) {
  const bytes = readFileSync(path);
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
  return { file: relative(dist, path), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli };
}
const rows = files.map(sizes);
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
  raw: 0,
  gzip: 0,
  brotli: 0,
});
if (json) console.log(JSON.stringify(rows));
else {
  console.table([...rows, { file: 'total', ...total }]);
  console.log('Language files (one more request, only on a page in that language):');
  console.table(walk(join(dist, 'lang')).map(sizes));
}

if (check) {
  const budget = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url))).brotli_bytes;
  if (total.brotli > budget) {
    console.error(`size budget exceeded: ${total.brotli} B brotli > ${budget} B (size-budget.json)`);
    process.exit(1);
  }
  (json ? console.error : console.log)(`size budget ok: ${total.brotli} B brotli <= ${budget} B`);
}
