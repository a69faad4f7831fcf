/**
 * A local DNS-over-HTTPS JSON server for tests: `/dns-query` answers like Cloudflare, `/resolve` like
 * Google, from zone data in the OpenSPF suite format (see zone.ts). Faults (hangs, HTTP errors, HTML,
 * broken JSON, slow bodies, SERVFAIL) can be switched on per name/type/path to exercise the resolver's
 * fallback paths against a real HTTP stack.
 */
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { lookupZone, normaliseName, renderTxtJoined, renderTxtQuoted, typeName, typeNumber } from './zone';
import type { ZoneAnswer, ZoneData, ZoneLookup } from './zone';

export type DohPath = 'cloudflare' | 'google';

export interface Fault {
  /** the query name: a string compares case-insensitively without trailing dot */
  match?: string | RegExp;
  type?: string;
  path?: DohPath;
  kind:
    | 'hang'
    | 'delay'
    | 'http-500'
    | 'http-429'
    | 'html'
    | 'truncated-json'
    | 'wrong-types'
    | 'servfail'
    | 'drip'
    | 'big';
  /** 'delay': how long before answering (default 500); 'drip': the pause between chunks (default 20) */
  delayMs?: number;
  /** 'http-429': the Retry-After header in seconds (default 1) */
  retryAfter?: number;
  /** apply this many times, then stop applying */
  times?: number;
}

/**
 * TXT shapes: Cloudflare 'quoted' (`"a" "b"`) or 'quoted-nospace' (`"a""b"`); Google 'auto' (single plain
 * strings joined without quotes, others quoted), 'joined' (always joined) or 'quoted'.
 */
export interface TxtShapes {
  cloudflare?: 'quoted' | 'quoted-nospace';
  google?: 'auto' | 'joined' | 'quoted';
}

export interface DohServerOptions {
  zone?: ZoneData;
  latencyMs?: number;
  tls?: { key: string; cert: string };
  /** for zone TIMEOUT entries, default 'hang' */
  timeoutBehaviour?: 'hang' | 'servfail';
  /** a different view for the Google path, to simulate disagreement */
  googleZone?: ZoneData;
  txtShapes?: TxtShapes;
  /** the DNSSEC AD flag each path reports (default false) */
  ad?: { cloudflare?: boolean; google?: boolean };
}

export interface LoggedQuery {
  /** the URL path asked: '/dns-query' (Cloudflare style) or '/resolve' (Google style) */
  path: string;
  name: string;
  /** the type as a name ('TXT'), also when asked by number */
  type: string;
  at: number;
}

export interface DohServer {
  /** base, e.g. http://127.0.0.1:PORT */
  url: string;
  /** url + '/dns-query' */
  cloudflareUrl: string;
  /** url + '/resolve' */
  googleUrl: string;
  port: number;
  queries: LoggedQuery[];
  setZone(zone: ZoneData, which?: 'both' | 'cloudflare' | 'google'): void;
  setFaults(faults: Fault[]): void;
  setLatency(ms: number): void;
  setTxtShapes(shapes: TxtShapes): void;
  setAd(ad: { cloudflare?: boolean; google?: boolean }): void;
  resetLog(): void;
  close(): Promise<void>;
}

export type DohControls = Omit<DohServer, 'url' | 'cloudflareUrl' | 'googleUrl' | 'port' | 'close'> & {
  /** ends every hung, delayed or dripping response (the mounting server calls this before closing) */
  releasePending(): void;
};

const BIG_STRING_COUNT = 256;
const DNS_JSON = 'application/dns-json';

function sleepInto(pending: Set<NodeJS.Timeout>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(timer);
      resolve();
    }, ms);
    pending.add(timer);
  });
}

function faultApplies(fault: Fault, path: DohPath, name: string, type: string): boolean {
  if (fault.times !== undefined && fault.times <= 0) return false;
  if (fault.path && fault.path !== path) return false;
  if (fault.type && fault.type.toUpperCase() !== type) return false;
  if (fault.match instanceof RegExp) return fault.match.test(name);
  if (typeof fault.match === 'string') return normaliseName(fault.match) === normaliseName(name);
  return true;
}

function pathStyle(pathname: string): DohPath | undefined {
  if (pathname.endsWith('/dns-query')) return 'cloudflare';
  if (pathname.endsWith('/resolve')) return 'google';
  return undefined;
}

function renderTxt(answer: ZoneAnswer, path: DohPath, shapes: TxtShapes): string {
  const strings = answer.strings;
  if (!strings) return answer.data;
  if (path === 'cloudflare') return renderTxtQuoted(strings, shapes.cloudflare !== 'quoted-nospace');
  const shape = shapes.google ?? 'auto';
  if (shape === 'joined') return renderTxtJoined(strings);
  if (shape === 'quoted') return renderTxtQuoted(strings);
  const plain = strings.length === 1 && /^[\x20-\x7e]*$/.test(strings[0] ?? '') && !/["\\]/.test(strings[0] ?? '');
  return plain ? renderTxtJoined(strings) : renderTxtQuoted(strings);
}

function publicAnswer(answer: ZoneAnswer, path: DohPath, shapes: TxtShapes): Omit<ZoneAnswer, 'strings'> {
  return { name: answer.name, type: answer.type, TTL: answer.TTL, data: renderTxt(answer, path, shapes) };
}

export function createDohHandler(opts: DohServerOptions = {}): {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  controls: DohControls;
} {
  const zones: Record<DohPath, ZoneData> = {
    cloudflare: opts.zone ?? {},
    google: opts.googleZone ?? opts.zone ?? {},
  };
  let faults: Fault[] = [];
  let latencyMs = opts.latencyMs ?? 0;
  let shapes: TxtShapes = { ...opts.txtShapes };
  let ad: { cloudflare?: boolean; google?: boolean } = { ...opts.ad };
  const queries: LoggedQuery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const openResponses = new Set<ServerResponse>();

  const controls: DohControls = {
    queries,
    setZone(zone, which = 'both') {
      if (which !== 'google') zones.cloudflare = zone;
      if (which !== 'cloudflare') zones.google = zone;
    },
    setFaults(next) {
      faults = next.map((fault) => ({ ...fault }));
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setTxtShapes(next) {
      shapes = { ...next };
    },
    setAd(next) {
      ad = { ...next };
    },
    resetLog() {
      queries.length = 0;
    },
    releasePending() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const res of openResponses) res.destroy();
      openResponses.clear();
    },
  };

  function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
    res.end(body);
  }

  function dnsBody(path: DohPath, name: string, type: number, result: ZoneLookup | { status: 'servfail'; comment: string }): object {
    const status = result.status === 'ok' || result.status === 'nodata' ? 0 : result.status === 'nxdomain' ? 3 : 2;
    const body: Record<string, unknown> = {
      Status: status,
      TC: false,
      RD: true,
      RA: true,
      AD: Boolean(ad[path]) && status === 0,
      CD: false,
      Question: [{ name: name.endsWith('.') ? name : `${name}.`, type }],
    };
    if ('answers' in result && result.answers?.length) body.Answer = result.answers.map((a) => publicAnswer(a, path, shapes));
    if ('authority' in result && result.authority?.length) body.Authority = result.authority.map((a) => publicAnswer(a, path, shapes));
    if (result.status === 'servfail') {
      // Cloudflare sends extended DNS error texts as an array, Google one sentence
      body.Comment = path === 'cloudflare' ? [`EDE(22): No Reachable Authority (${result.comment})`] : `${result.comment}.`;
    }
    return body;
  }

  function hang(res: ServerResponse): void {
    openResponses.add(res);
  }

  async function answer(req: IncomingMessage, res: ServerResponse, path: DohPath, url: URL): Promise<void> {
    const name = url.searchParams.get('name');
    const rawType = url.searchParams.get('type') ?? '1';
    const type = /^\d+$/.test(rawType) ? Number(rawType) : typeNumber(rawType);
    if (path === 'cloudflare') {
      const accept = req.headers.accept ?? '';
      const ct = url.searchParams.get('ct');
      if (!accept.split(',').some((part) => part.trim().split(';')[0] === DNS_JSON) && ct !== DNS_JSON) {
        send(res, 415, 'text/plain', 'Unsupported Media Type: Accept must be application/dns-json');
        return;
      }
    }
    if (!name || type === undefined || type > 65535) {
      send(res, 400, path === 'google' ? 'application/json' : 'text/plain', path === 'google' ? JSON.stringify({ error: 'Invalid name or type' }) : 'Bad Request');
      return;
    }
    const typeText = typeName(type) ?? String(type);
    queries.push({ path: url.pathname, name, type: typeText, at: Date.now() });

    openResponses.add(res);
    res.on('close', () => openResponses.delete(res));
    if (latencyMs > 0) await sleepInto(timers, latencyMs);

    const fault = faults.find((f) => faultApplies(f, path, name, typeText));
    if (fault?.times !== undefined) fault.times -= 1;
    const contentType = path === 'cloudflare' ? DNS_JSON : 'application/json; charset=UTF-8';
    const normal = (): string => {
      const result = lookupZone(zones[path], name, typeText);
      if (result.status === 'timeout') return '';
      return JSON.stringify(dnsBody(path, name, type, result));
    };

    switch (fault?.kind) {
      case 'hang':
        hang(res);
        return;
      case 'delay':
        await sleepInto(timers, fault.delayMs ?? 500);
        break;
      case 'http-500':
        send(res, 500, 'text/plain', 'Internal Server Error');
        return;
      case 'http-429':
        send(res, 429, 'text/plain', 'Too Many Requests', { 'retry-after': String(fault.retryAfter ?? 1) });
        return;
      case 'html':
        send(res, 200, 'text/html', '<!doctype html><html><head><title>Captive portal</title></head><body>Please log in</body></html>');
        return;
      case 'truncated-json': {
        const full = JSON.stringify(dnsBody(path, name, type, { status: 'ok', answers: [{ name: `${name}.`, type, TTL: 300, data: 'x'.repeat(64) }] }));
        send(res, 200, contentType, full.slice(0, Math.floor(full.length / 2)));
        return;
      }
      case 'wrong-types': {
        const body = dnsBody(path, name, type, { status: 'nodata' }) as Record<string, unknown>;
        body.Answer = [{ name: `${name}.`, type: typeText, TTL: '300', data: 42 }];
        send(res, 200, contentType, JSON.stringify(body));
        return;
      }
      case 'servfail':
        send(res, 200, contentType, JSON.stringify(dnsBody(path, name, type, { status: 'servfail', comment: 'injected fault' })));
        return;
      case 'big': {
        const strings = Array.from({ length: BIG_STRING_COUNT }, (_, i) => `${String(i).padStart(3, '0')}${'b'.repeat(252)}`);
        const big: ZoneAnswer = { name: `${normaliseName(name)}.`, type: 16, TTL: 300, data: '', strings };
        send(res, 200, contentType, JSON.stringify(dnsBody(path, name, type, { status: 'ok', answers: [big] })));
        return;
      }
      case 'drip': {
        const body = normal();
        if (!body) {
          hang(res);
          return;
        }
        res.writeHead(200, { 'content-type': contentType });
        for (let offset = 0; offset < body.length; offset += 8) {
          if (res.destroyed) return;
          res.write(body.slice(offset, offset + 8));
          await sleepInto(timers, fault.delayMs ?? 20);
        }
        if (!res.destroyed) res.end();
        return;
      }
      default:
        break;
    }

    const body = normal();
    if (body) {
      send(res, 200, contentType, body);
      return;
    }
    // a zone TIMEOUT entry
    if (opts.timeoutBehaviour === 'servfail') {
      send(res, 200, contentType, JSON.stringify(dnsBody(path, name, type, { status: 'servfail', comment: 'zone TIMEOUT' })));
    } else {
      hang(res);
    }
  }

  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = pathStyle(url.pathname);
      if (!path) return false;
      if (req.method !== 'GET') {
        send(res, 405, 'text/plain', 'Method Not Allowed', { allow: 'GET' });
        return true;
      }
      answer(req, res, path, url).catch((error: unknown) => {
        send(res, 500, 'text/plain', `test server error: ${String(error)}`);
      });
      return true;
    },
    controls,
  };
}

export async function startDohServer(opts: DohServerOptions = {}): Promise<DohServer> {
  const { handle, controls } = createDohHandler(opts);
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (!handle(req, res)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    }
  };
  const server: Server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) : createHttpServer(listener);
  const { port, close } = await listenLocally(server, controls);
  const url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    ...controls,
    queries: controls.queries,
    url,
    cloudflareUrl: `${url}/dns-query`,
    googleUrl: `${url}/resolve`,
    port,
    close,
  };
}

/**
 * Listens on a free port of 127.0.0.1. The close() it returns lets held DoH answers go and ends open
 * connections: browsers keep them alive, and server.close() alone would wait for them.
 */
export async function listenLocally(server: Server, controls: DohControls): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close() {
      controls.releasePending();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
    },
  };
}
