// The demo's dev server: Node's `http` only. Serves www/ at /, the built package pkg/ at /pkg/
// and the sample catalogue at /catalogue.json (and, for the catalogue playground, its schema,
// the sample personas and target/playground/), every response with the bank-grade CSP below.
//
//   node www/server.mjs [--port 8080] [--host 127.0.0.1]
//
// Tests import `startServer` to run it on an ephemeral port, with extra routes of their own.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const WWW = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(WWW, "..");

/** The policy a bank page would send; the widget needs nothing more (see www/README.md). */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** Where a URL path lives on disk (mounts are checked longest first); null when not served. */
function locate(mounts, urlPath) {
  for (const [prefix, dir] of mounts) {
    if (prefix.endsWith("/") ? urlPath.startsWith(prefix) : urlPath === prefix) {
      const rest = prefix.endsWith("/") ? urlPath.slice(prefix.length) : "";
      const file = rest === "" && !prefix.endsWith("/") ? dir : normalize(join(dir, rest));
      // No escaping the mount (`..`, encoded or not) and nothing but the types above.
      if (!prefix.endsWith("/") || file.startsWith(dir + sep)) {
        return TYPES[extname(file)] ? file : null;
      }
      return null;
    }
  }
  return null;
}

/**
 * Starts the server; resolves to `{ server, url, close() }` once it listens.
 * `routes`: extra `{ "/path": (req, res) => void | { status, type, body } }` handlers (tests).
 * `mounts`: extra `{ "/prefix/": "/abs/dir" }` directories (tests).
 */
export function startServer({ port = 8080, host = "127.0.0.1", routes = {}, mounts = {}, log } = {}) {
  const allMounts = [
    ["/catalogue.json", join(ROOT, "test-data", "catalogue.json")],
    ["/pkg/", join(ROOT, "pkg")],
    // The catalogue playground (playground.html): its schema, the sample personas, and the
    // editor bundle and persona list that scripts/build-playground.mjs writes.
    ["/catalogue.schema.json", join(ROOT, "schema", "catalogue.schema.json")],
    ["/personas/", join(ROOT, "test-data", "personas")],
    ["/playground/", join(ROOT, "target", "playground")],
    ...Object.entries(mounts).map(([p, d]) => [p, resolve(d)]),
    ["/", WWW],
  ].sort((a, b) => b[0].length - a[0].length);

  const server = createServer(async (req, res) => {
    const headers = {
      "Content-Security-Policy": CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    };
    const send = (status, type, body) => {
      res.writeHead(status, { ...headers, "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(400, TYPES[".txt"], "bad request\n");
    }
    log?.(req.method, path);
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, TYPES[".txt"], "method not allowed\n");
    if (path === "/") path = "/index.html";
    if (path.includes("\0")) return send(400, TYPES[".txt"], "bad request\n");

    const route = routes[path];
    if (route) {
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      const out = await route(req, res);
      if (out) send(out.status ?? 200, out.type ?? TYPES[".json"], out.body ?? "");
      return;
    }
    const file = locate(allMounts, path);
    try {
      if (!file || !(await stat(file)).isFile()) throw new Error("not found");
      send(200, TYPES[extname(file)], await readFile(file));
    } catch {
      send(404, TYPES[".txt"], "not found\n");
    }
  });

  return new Promise((resolveStart, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolveStart({
        server,
        url: `http://${host}:${actual}`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg("port", process.env.PORT ?? 8080));
  const host = arg("host", "127.0.0.1");
  try {
    const { url } = await startServer({ port, host });
    console.log(`Suitable demo: ${url}/  (mobile webview variant: ${url}/mobile.html; catalogue playground: ${url}/playground.html)`);
    console.log("Serving www/, pkg/ and test-data/catalogue.json with the bank CSP. Ctrl-C to stop.");
  } catch (e) {
    console.error(e.code === "EADDRINUSE" ? `port ${port} is in use: try PORT=8081 make serve` : e.message);
    process.exit(1);
  }
}
