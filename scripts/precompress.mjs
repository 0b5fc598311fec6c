// Writes a brotli twin (quality 11, as CDNs precompress) next to every .js, .wasm,
// .json, .css and .html file under each folder given, for a server that serves
// `name.br` to browsers that accept br. Used by the benchmark's slow-network section.
//
//   node scripts/precompress.mjs FOLDER...
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

for (const folder of process.argv.slice(2)) {
  for (const path of walk(folder).filter((p) => /\.(js|wasm|json|css|html)$/.test(p))) {
    const bytes = readFileSync(path);
    const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
    writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params }));
  }
}
