// Packs the npm package from a release build:
//   node scripts/npm-pack.mjs <release dist folder>   →   target/npm/magic-link-widget-<version>.tgz
// The package is the release folder's widget files as they are (the loader with its
// digests, the module, the wasm, the language files, the .d.ts), npm/'s manifest,
// module entry and React JSX types, a README (npm/README.md and the project README's "Install" section), the
// LICENSE, and a files.js written here: one literal
// `new URL('./…', import.meta.url)` per file, the form bundlers recognise, so that
// they copy each file and tell the loader where it went. The version is the crate's.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2];
if (!dist) throw new Error('usage: node scripts/npm-pack.mjs <release dist folder>');

const out = join(root, 'target', 'npm');
const stage = join(out, 'package');
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'lang'), { recursive: true });

const WIDGET_FILES = ['magic-link-login.js', 'magic-link-login.d.ts', 'magic-link-widget.js', 'magic-link-widget_bg.wasm'];
const languages = readdirSync(join(dist, 'lang'))
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => `lang/${name}`);
for (const file of [...WIDGET_FILES, ...languages]) copyFileSync(join(dist, file), join(stage, file));
for (const file of ['index.js', 'react.d.ts']) copyFileSync(join(root, 'npm', file), join(stage, file));
writeFileSync(join(stage, 'README.md'), packageReadme());
copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));

const bundled = ['magic-link-widget.js', 'magic-link-widget_bg.wasm', ...languages];
writeFileSync(
  join(stage, 'files.js'),
  '// Written by scripts/npm-pack.mjs. Where the bundler put each file the loader fetches\n' +
    "// (read by magic-link-login.js under Symbol.for('magic-link-login:files')).\n" +
    "globalThis[Symbol.for('magic-link-login:files')] = {\n" +
    bundled.map((file) => `  '${file}': new URL('./${file}', import.meta.url).href,\n`).join('') +
    '};\n',
);

const manifest = JSON.parse(readFileSync(join(root, 'npm', 'package.json'), 'utf8'));
manifest.version = crateVersion();
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }),
);
console.log(join(out, packed.filename));

/** The widget crate's version, as cargo reads it. */
function crateVersion() {
  const metadata = JSON.parse(
    execFileSync('cargo', ['metadata', '--no-deps', '--offline', '--format-version', '1'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    }),
  );
  return metadata.packages.find((crate) => crate.name === 'magic-link-widget').version;
}

/** npm/README.md, then the project README's "Install" section (links into the rest of it made absolute). */
function packageReadme() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const install = /^## Install\n[\s\S]*?(?=^## )/m.exec(readme);
  if (!install) throw new Error('README.md has no "## Install" section');
  const full = 'https://github.com/magic-link-widget/magic-link-widget#';
  return readFileSync(join(root, 'npm', 'README.md'), 'utf8') + '\n' + install[0].replaceAll('](#', `](${full}`);
}
