// Trunk post-build hook: minifies every JavaScript file of a release build (the
// wasm-bindgen glue, its snippets, the loader) in trunk's staging folder. Trunk 0.21
// does not minify the glue itself; unminified it is about 44 KB.
// Then writes into the loader the SHA-384 digest of each file the widget runs (the
// glue, its snippets and the wasm, as shipped): the loader refuses a file that does
// not match (subresource integrity). So nothing may change these files after this.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('run by trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function minify(path, source = readFileSync(path, 'utf8')) {
  // The glue and snippets are ES modules; the loader is a classic script (no format
  // change: esbuild keeps it as it is, only smaller).
  const { code } = transformSync(source, { minify: true, target: 'es2020', legalComments: 'inline' });
  writeFileSync(path, code);
}

const loader = join(dir, 'magic-link-login.js');
for (const path of walk(dir).filter((p) => p.endsWith('.js') && p !== loader)) minify(path);

// Digested after minifying, since the loader checks the files as they are served.
const digests = {};
const runs = [join(dir, 'magic-link-widget.js'), join(dir, 'magic-link-widget_bg.wasm'), ...walk(join(dir, 'snippets'))];
for (const path of runs.filter((p) => /\.(js|wasm)$/.test(p))) {
  const file = relative(dir, path).split(sep).join('/');
  digests[file] = 'sha384-' + createHash('sha384').update(readFileSync(path)).digest('base64');
}
const marker = 'var DIGESTS = null;';
const source = readFileSync(loader, 'utf8');
if (source.split(marker).length !== 2) throw new Error(`${loader}: expected "${marker}" once`);
minify(loader, source.replace(marker, `var DIGESTS = ${JSON.stringify(digests)};`));
