/**
 * The local DoH server (test/helpers/doh-server.ts) in a process of its own, so that the server's timers and
 * the client under measurement do not share one event loop. Prints its base URL as one JSON line on stdout
 * and exits when its standard input closes. Started by `startDohProcess`.
 * Arguments: the zone module's export as `<module path>#<export>`, the delay per answer in ms.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startDohServer } from '../test/helpers/doh-server';
import type { ZoneData } from '../test/helpers/zone';

export interface DohProcess {
  cloudflareUrl: string;
  googleUrl: string;
  close(): Promise<void>;
}

/** Starts the server process for `zoneExport` ("bench/spf-zones.ts#BENCH_ZONE") with `latencyMs` per answer. */
export async function startDohProcess(zoneExport: string, latencyMs: number): Promise<DohProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), zoneExport, String(latencyMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the DoH server process exited (${code}) before it listened`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  return {
    cloudflareUrl: `${url}/dns-query`,
    googleUrl: `${url}/resolve`,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

async function serve(zoneExport: string, latencyMs: number): Promise<void> {
  const [modulePath, name] = zoneExport.split('#');
  const root = new URL('..', import.meta.url);
  const zones = (await import(pathToFileURL(fileURLToPath(new URL(modulePath ?? '', root))).href)) as Record<string, ZoneData>;
  const zone = zones[name ?? ''];
  if (!zone) throw new Error(`${zoneExport}: no such zone export`);
  const server = await startDohServer({ zone, latencyMs });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void server.close().then(() => process.exit(0));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  serve(process.argv[2] ?? '', Number(process.argv[3] ?? 0)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
