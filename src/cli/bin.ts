import { runCli } from './main';
import { guardOutputStreams, nodeIO } from './node-io';

declare const __VERSION__: string;

// The entry point bundled to dist/cli.js.
guardOutputStreams();
runCli(process.argv.slice(2), nodeIO, typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev').then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bounce-explainer: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
