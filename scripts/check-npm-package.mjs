// Checks a packed npm package: node scripts/check-npm-package.mjs <tarball>
// Nothing missing, nothing extra, and what ships is what the release built: every
// path package.json names exists; the files are exactly the widget's (the loader,
// module, wasm, .d.ts and one language file per language the loader knows) and the
// package's own; no source maps, no tests; the loader's digests match the module
// and wasm beside it; files.js names every file the loader fetches; the version is
// the crate's. Exits non-zero with the list of what is wrong.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tarball = process.argv[2];
if (!tarball) throw new Error('usage: node scripts/check-npm-package.mjs <tarball>');

const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
  .split('\n')
  .filter((line) => line && !line.endsWith('/'))
  .map((line) => line.replace(/^package\//, ''))
  .sort();
const unpacked = mkdtempSync(join(tmpdir(), 'npm-package-'));
execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
const dir = join(unpacked, 'package');
const read = (file) => readFileSync(join(dir, file));
const problems = [];

const loader = read('magic-link-login.js').toString();
// The languages the loader's source knows (the packed copy is minified).
const source = readFileSync(new URL('../loader/magic-link-login.js', import.meta.url), 'utf8');
const languages = JSON.parse(/var LANGUAGES = (\[[^\]]*\])/.exec(source)[1].replace(/'/g, '"'));
const expected = [
  'LICENSE',
  'README.md',
  'package.json',
  'index.js',
  'files.js',
  'magic-link-login.js',
  'magic-link-login.d.ts',
  'react.d.ts',
  'magic-link-widget.js',
  'magic-link-widget_bg.wasm',
  ...languages.map((tag) => `lang/${tag}.json`),
].sort();
for (const file of expected) if (!listed.includes(file)) problems.push(`missing: ${file}`);
for (const file of listed) if (!expected.includes(file)) problems.push(`not ours to ship: ${file}`);

const manifest = JSON.parse(read('package.json').toString());
const named = [manifest.main, manifest.module, manifest.types, ...manifest.sideEffects, ...exportTargets(manifest.exports)];
for (const path of named) {
  const file = path.replace(/^\.\//, '');
  const present = file.includes('*')
    ? listed.some((entry) => new RegExp('^' + file.split('*').map(escape).join('[^/]+') + '$').test(entry))
    : listed.includes(file);
  if (!present) problems.push(`package.json names ${path}, which is not in the package`);
}
const crate = /^version = "([^"]+)"/m.exec(readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8'))[1];
if (manifest.version !== crate) problems.push(`version ${manifest.version} is not the crate's ${crate}`);
for (const cdn of read('README.md').toString().match(/magic-link-widget@[^/\s]+/g) || []) {
  if (cdn !== `magic-link-widget@${crate}`) problems.push(`README.md shows ${cdn}, not version ${crate}`);
}

for (const file of listed.filter((entry) => entry.endsWith('.js'))) {
  if (/sourceMappingURL/.test(read(file).toString())) problems.push(`${file} points to a source map`);
}
if (!read('magic-link-widget_bg.wasm').subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d]))) {
  problems.push('magic-link-widget_bg.wasm is not WebAssembly');
}

// The release build wrote each file's digest into the loader; the package must carry
// those very files, or the loader refuses them in the browser.
for (const file of ['magic-link-widget.js', 'magic-link-widget_bg.wasm']) {
  const digest = new RegExp(`"${escape(file)}":"(sha384-[A-Za-z0-9+/=]+)"`).exec(loader);
  const actual = 'sha384-' + createHash('sha384').update(read(file)).digest('base64');
  if (!digest) problems.push(`the loader carries no digest of ${file}: not a release build`);
  else if (digest[1] !== actual) problems.push(`${file} does not match the loader's digest of it`);
}

const files = read('files.js').toString();
for (const file of ['magic-link-widget.js', 'magic-link-widget_bg.wasm', ...languages.map((tag) => `lang/${tag}.json`)]) {
  if (!files.includes(`new URL('./${file}', import.meta.url)`)) problems.push(`files.js does not name ${file}`);
}

rmSync(unpacked, { recursive: true, force: true });
if (problems.length) {
  console.error(`${tarball}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${tarball}: ${listed.length} files, as expected`);

/** Every path an `exports` map leads to. */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  return Object.values(value).flatMap(exportTargets);
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
