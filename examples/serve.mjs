// Serves the examples the way a customer's site and a CDN would: on two origins.
//
//   http://127.0.0.1:8081/  the widget build (dist/), with Access-Control-Allow-Origin: *
//   http://127.0.0.1:8000/  the example pages (examples/); strict-csp/ gets its
//                           Content-Security-Policy header with a fresh nonce
//
// With devapi on :8787 (`cargo run -p devapi -- --port 8787`) and a build
// (`trunk build --release`), run `node examples/serve.mjs [dist folder]` and open
// http://127.0.0.1:8000/. No dependencies: Node's own http server.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES = fileURLToPath(new URL('.', import.meta.url));
const DIST = resolve(process.argv[2] ?? join(EXAMPLES, '..', 'dist'));
const DIST_ORIGIN = 'http://127.0.0.1:8081';
const API_ORIGIN = 'http://127.0.0.1:8787';
// What the strict-csp page is served with. A real server makes a new nonce for
// every response, puts it in this header and in the page's nonce attributes.
const NONCE_PLACEHOLDER = '__CSP_NONCE__';
const strictCsp = (nonce) =>
  [
    "default-src 'none'",
    `script-src 'self' ${DIST_ORIGIN} 'wasm-unsafe-eval'`,
    `style-src 'nonce-${nonce}'`,
    `connect-src ${DIST_ORIGIN} ${API_ORIGIN}`,
    "base-uri 'none'",
  ].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
};

function serve(root, port, decorate) {
  createServer(async (request, response) => {
    let path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      let body = await readFile(file);
      const headers = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
      body = decorate(path, body, headers);
      response.writeHead(200, headers).end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  }).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/`));
}

// The CDN: any origin may load the widget (the loader imports its module and wasm).
serve(DIST, 8081, (_path, body, headers) => {
  headers['Access-Control-Allow-Origin'] = '*';
  return body;
});

// The customer's site.
serve(EXAMPLES.replace(/[\\/]$/, ''), 8000, (path, body, headers) => {
  if (path === '/strict-csp/index.html') {
    const nonce = randomBytes(16).toString('base64');
    headers['Content-Security-Policy'] = strictCsp(nonce);
    return Buffer.from(body.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce));
  }
  return body;
});
