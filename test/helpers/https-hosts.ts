/**
 * One HTTPS server on 127.0.0.1 that stands in for every host the extension talks to in the end-to-end
 * tests, routed by the Host header: the webmail hosts serve test pages, cloudflare-dns.com `/dns-query` and
 * dns.google `/resolve` are the local DoH server (doh-server.ts). The browsers are pointed at it by host
 * resolver rules (Chromium) or localDomains + forcePort (Firefox); its self-signed certificate names every
 * host and is made fresh at test time with openssl.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDohHandler, listenLocally } from './doh-server';
import type { DohControls, DohServerOptions } from './doh-server';

export const WEBMAIL_HOSTS = ['mail.google.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.live.com'] as const;
export const DOH_HOSTS = ['cloudflare-dns.com', 'dns.google'] as const;
export const ALL_HOSTS: readonly string[] = [...WEBMAIL_HOSTS, ...DOH_HOSTS];

export interface PageRequest {
  host: string;
  path: string;
}

export interface HttpsHosts {
  port: number;
  /** the local DoH server's controls (zone, faults, query log) */
  doh: DohControls;
  /** every page request (not DoH) in arrival order */
  pageRequests: PageRequest[];
  /** serves `html` at `host` + `path` (the path without query or fragment) */
  setPage(host: string, path: string, html: string): void;
  close(): Promise<void>;
}

/** A self-signed certificate for `hosts`, in a temporary directory removed after reading. */
export function makeCertificate(hosts: readonly string[]): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bounce-explainer-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
        '-keyout', keyPath, '-out', certPath,
        '-subj', `/CN=${hosts[0] ?? 'localhost'}`,
        '-addext', `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hostOf(req: IncomingMessage): string {
  return (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
}

export async function startHttpsHosts(opts: { doh?: DohServerOptions; pages?: Record<string, Record<string, string>> } = {}): Promise<HttpsHosts> {
  const { key, cert } = makeCertificate(ALL_HOSTS);
  const { handle: handleDoh, controls } = createDohHandler(opts.doh ?? {});
  const pages = new Map<string, string>();
  for (const [host, byPath] of Object.entries(opts.pages ?? {})) {
    for (const [path, html] of Object.entries(byPath)) pages.set(`${host}${path}`, html);
  }
  const pageRequests: PageRequest[] = [];

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const host = hostOf(req);
    const path = new URL(req.url ?? '/', 'https://localhost').pathname;
    if ((DOH_HOSTS as readonly string[]).includes(host)) {
      // each DoH host answers only on its own API path, as the real services do
      const ownPath = host === 'cloudflare-dns.com' ? '/dns-query' : '/resolve';
      if (path === ownPath && handleDoh(req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    pageRequests.push({ host, path });
    const html = pages.get(`${host}${path}`);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no test page at ${host}${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  };

  const server = createServer({ key, cert }, listener);
  const { port, close } = await listenLocally(server, controls);

  return {
    port,
    doh: controls,
    pageRequests,
    setPage(host, path, html) {
      pages.set(`${host}${path}`, html);
    },
    close,
  };
}
