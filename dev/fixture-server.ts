/**
 * The fixture server for browser tests: one HTTP server on 127.0.0.1 that answers as every LessWrong-family host
 * (chosen by the Host header, or by the absolute URI when Firefox uses it as its HTTP proxy), plus a neutral host for
 * "anywhere else" pages. Specs register routes; nothing ever reaches the real network.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The hosts the server answers as; Chromium maps each to the server, Firefox reaches them through it as a proxy. */
export const FIXTURE_HOSTS = [
  'www.lesswrong.com',
  'lesswrong.com',
  'www.alignmentforum.org',
  'alignmentforum.org',
  'forum.effectivealtruism.org',
  'www.greaterwrong.com',
  'greaterwrong.com',
  'ea.greaterwrong.com',
  'www.lesswrong.ru',
  'lesswrong.ru',
  'example.test',
] as const;

/** A host outside LENS_HOSTS, for pages where Lens must only run on the reader's request. */
export const NEUTRAL_HOST = 'example.test';

/** A dynamic answer that sets its own status and headers (a 429 with Retry-After in the middle of a job). */
export type RouteAnswer = { status: number; body: string; headers?: Record<string, string> };

/** What a route answers: a string, bytes, a file on disk, or a function of the request (and its body text). */
export type RouteBody =
  | string
  | Uint8Array
  | { file: string }
  | ((
      req: IncomingMessage,
      url: URL,
      body: string,
    ) => string | Uint8Array | RouteAnswer | Promise<string | Uint8Array | RouteAnswer>);

/** One registered answer. `host` '*' matches any host; `path` matches pathname (+ search if it has a '?'). */
export type Route = {
  host: string;
  path: string;
  body: RouteBody;
  contentType?: string;
  status?: number;
  headers?: Record<string, string>;
};

/** A request the server saw, for assertions such as "no request left the fixture hosts". */
export type SeenRequest = { method: string; host: string; path: string; proxied: boolean };

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  xml: 'application/xml; charset=utf-8',
};

function guessType(path: string): string {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'text/html; charset=utf-8';
}

/** Local fixture server; `start()` picks a free port once and reuses it on restart so browser mappings stay valid. */
export class FixtureServer {
  readonly routes: Route[] = [];
  readonly requests: SeenRequest[] = [];
  #server: Server | null = null;
  #sockets = new Set<Socket>();
  #port: number;

  /** `port` 0 picks a free port on the first start; `npm start` asks for a fixed one the reader can see. */
  constructor(port = 0) {
    this.#port = port;
  }

  /** Port the server listens on (0 before the first start). */
  get port(): number {
    return this.#port;
  }

  /** Whether the server is currently listening. */
  get running(): boolean {
    return this.#server !== null;
  }

  /** `http://host:port` for a host through Chromium's resolver map or Firefox's proxy; both hit this server. */
  url(host: string, path = '/'): string {
    // Port 80 in the URL: Chromium's --host-resolver-rules maps host → 127.0.0.1:PORT, and Firefox sends absolute URIs
    // to its proxy, so pages see the real origin (http://www.lesswrong.com) and match `*://` patterns.
    return `http://${host}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** Registers a route (later registrations win); returns the URL the browsers should open. */
  route(host: string, path: string, body: RouteBody, options: Omit<Route, 'host' | 'path' | 'body'> = {}): string {
    this.routes.unshift({ host, path, body, ...options });
    return this.url(host === '*' ? NEUTRAL_HOST : host, path);
  }

  /** Shorthand for an HTML page. */
  html(host: string, path: string, html: string): string {
    return this.route(host, path, html, { contentType: 'text/html; charset=utf-8' });
  }

  /** Shorthand for a `text/plain; charset=utf-8` page (a dump served as a file). */
  text(host: string, path: string, text: string | { file: string }): string {
    return this.route(host, path, text, { contentType: 'text/plain; charset=utf-8' });
  }

  /** Removes every route (and the request log). */
  clear(): void {
    this.routes.length = 0;
    this.requests.length = 0;
  }

  /** Starts listening (on the previous port after a stop, so running browsers keep their mapping). */
  async start(): Promise<this> {
    if (this.#server) return this;
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`fixture server error: ${String(error)}`);
      });
    });
    // HTTPS through the proxy (CONNECT) is refused: fixtures are HTTP only and nothing may leak to the network.
    server.on('connect', (_req, socket: Socket) => {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
    return this;
  }

  /** Stops listening and drops open connections ("the network is gone"); `start()` brings it back on the same port. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = null;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    // A proxy request carries an absolute URI (`GET http://www.lesswrong.com/posts/… HTTP/1.1`).
    const proxied = /^[a-z]+:\/\//i.test(raw);
    const hostHeader = (req.headers.host ?? '127.0.0.1').toLowerCase();
    const url = proxied ? new URL(raw) : new URL(raw, `http://${hostHeader}`);
    const host = url.hostname === '127.0.0.1' || url.hostname === 'localhost' ? NEUTRAL_HOST : url.hostname;
    this.requests.push({ method: req.method ?? 'GET', host, path: url.pathname + url.search, proxied });

    const route = this.routes.find(
      (r) =>
        (r.host === '*' || r.host === host) &&
        (r.path.includes('?') ? r.path === url.pathname + url.search : r.path === url.pathname),
    );
    if (!route) {
      const known = (FIXTURE_HOSTS as readonly string[]).includes(host);
      res.writeHead(known ? 404 : 502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(known ? `no fixture for ${host}${url.pathname}` : `fixture server: ${host} is not a fixture host`);
      return;
    }
    let body: string | Uint8Array;
    let status = route.status ?? 200;
    let headers = route.headers;
    if (typeof route.body === 'function') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await route.body(req, url, Buffer.concat(chunks).toString('utf8'));
      if (typeof answer === 'object' && !(answer instanceof Uint8Array)) {
        body = answer.body;
        status = answer.status;
        headers = { ...headers, ...answer.headers };
      } else body = answer;
    } else if (typeof route.body === 'object' && 'file' in route.body) body = readFileSync(route.body.file);
    else body = route.body;
    const type =
      route.contentType ??
      (typeof route.body === 'object' && 'file' in route.body ? guessType(route.body.file) : guessType(url.pathname));
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength),
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

/** Starts a fixture server on a free port. */
export async function startFixtureServer(): Promise<FixtureServer> {
  return new FixtureServer().start();
}
