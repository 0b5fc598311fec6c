// Trunk post-build hook for release builds, in trunk's staging folder:
// 1. bundles the wasm-bindgen glue with its snippets into one module (esbuild), so
//    the page fetches one script instead of the glue and then, one round trip
//    later, the snippets it imports; the snippets folder is then removed;
// 2. minifies it and the loader (trunk 0.21 does not minify the glue; unminified it
//    is about 44 KB);
// 3. writes into the loader the SHA-384 digest of each file the widget runs (the
//    module and the wasm, as shipped): the loader refuses a file that does not
//    match (subresource integrity). So nothing may change these files after this;
// 4. writes into the loader the instant form's stylesheet (style/widget.css) and its
//    texts in every language (lang/*.json), so it can draw the form at once;
// 5. writes preload-hints.html: the <link rel="preload"> a host may add for the wasm.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildSync, transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('run by trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const glue = join(dir, 'magic-link-widget.js');
const loader = join(dir, 'magic-link-login.js');

// The glue imports its snippets by relative paths (`./snippets/<crate>/src/…`):
// esbuild follows them and writes one ES module over the glue.
buildSync({
  entryPoints: [glue],
  outfile: glue,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  legalComments: 'inline',
});
rmSync(join(dir, 'snippets'), { recursive: true, force: true });

// What else is JavaScript (the demo's script) is only minified.
for (const path of walk(dir).filter((p) => p.endsWith('.js') && p !== glue && p !== loader)) {
  writeFileSync(path, minify(readFileSync(path, 'utf8')));
}

// Digested after minifying, since the loader checks the files as they are served.
const digests = {};
for (const path of [glue, join(dir, 'magic-link-widget_bg.wasm')]) {
  const file = relative(dir, path).split(sep).join('/');
  digests[file] = 'sha384-' + createHash('sha384').update(readFileSync(path)).digest('base64');
}
// The instant form's stylesheet and texts, from the sources the widget is built from.
const root = process.env.TRUNK_SOURCE_DIR || process.cwd();
const css = transformSync(readFileSync(join(root, 'style', 'widget.css'), 'utf8'), { loader: 'css', minify: true }).code.trim();
const texts = {};
for (const name of readdirSync(join(dir, 'lang')).filter((n) => n.endsWith('.json'))) {
  const language = JSON.parse(readFileSync(join(dir, 'lang', name), 'utf8'));
  const { lang, dir: direction = 'ltr', form_title, email_label, send, send_code } = language;
  texts[name.replace(/\.json$/, '')] = { lang, dir: direction, form_title, email_label, send, send_code };
}

// The hint a host page may add to <head> to start the wasm download before the
// loader has even arrived (README: Performance). With the digest: a preload without
// it would not be used by the loader's checked fetch, and would download twice.
writeFileSync(
  join(dir, 'preload-hints.html'),
  `<link rel="preload" href="magic-link-widget_bg.wasm" as="fetch" type="application/wasm" crossorigin="anonymous" integrity="${digests['magic-link-widget_bg.wasm']}">\n`,
);

let source = readFileSync(loader, 'utf8');
source = fill(source, 'var DIGESTS = null;', `var DIGESTS = ${JSON.stringify(digests)};`);
source = fill(source, 'var INSTANT = null;', `var INSTANT = ${JSON.stringify({ css, texts })};`);
// The loader is a classic script: no format change, only smaller.
writeFileSync(loader, minify(source));

function fill(text, marker, value) {
  if (text.split(marker).length !== 2) throw new Error(`${loader}: expected "${marker}" once`);
  return text.replace(marker, () => value);
}

function minify(source) {
  return transformSync(source, { minify: true, target: 'es2020', legalComments: 'inline' }).code;
}
