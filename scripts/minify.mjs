// Trunk post-build hook: minifies every JavaScript file of a release build (the
// wasm-bindgen glue, its snippets, the loader) in trunk's staging folder. Trunk 0.21
// does not minify the glue itself; unminified it is about 44 KB.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

for (const path of walk(dir).filter((p) => p.endsWith('.js'))) {
  const source = readFileSync(path, 'utf8');
  // The glue and snippets are ES modules; the loader is a classic script (no format
  // change: esbuild keeps it as it is, only smaller).
  const { code } = transformSync(source, { minify: true, target: 'es2020', legalComments: 'inline' });
  writeFileSync(path, code);
}
