// `jig serve`: the premium station, event ingest, line versions and the dashboard in one Node
// process, stateless apart from its database. startServer for code and tests, serveCommand for the CLI.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createApp, type LogFn } from './app.js';
import { CircuitBreaker } from './breaker.js';
import { readConfig } from './config.js';
import { openStorage, type Storage } from './storage/index.js';
import { redactor, type Redact } from './redact.js';
import { Upstream } from './upstream.js';

export { readConfig, chatCompletionsUrl, type ServerConfig } from './config.js';
export { ERROR_CODES, type ErrorCode } from './errors.js';
export { openStorage, openSqlite, openPostgres, type Storage } from './storage/index.js';
export type { LogFn } from './app.js';

export interface StartOptions {
  /** 0 = any free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Configuration (JIG_* variables, DATABASE_URL). Default process.env. */
  env?: Record<string, string | undefined>;
  /** How the upstream is called. Default the global fetch. */
  upstreamFetch?: typeof fetch;
  /** The clock for rate limits, the circuit breaker and timestamps. Default Date.now. */
  now?: () => number;
  /** Receives one entry per request. Default: no logging. */
  log?: LogFn;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Which storage it opened. */
  db: Storage['kind'];
  close(): Promise<void>;
}

/** Redacts the upstream key from anything logged, in case a message ever carried it. */
function redacting(log: LogFn | undefined, redact: Redact): LogFn | undefined {
  if (!log) return log;
  return (entry) => log(JSON.parse(redact(JSON.stringify(entry))) as Record<string, unknown>);
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const config = readConfig(env);
  // A server bound to one address answers to that address too, unless the operator listed the hosts.
  const host = options.host ?? '127.0.0.1';
  const bound = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  if (!env.JIG_ALLOWED_HOSTS?.trim() && !['0.0.0.0', '[::]'].includes(bound))
    config.allowedHosts.push(bound.toLowerCase());
  const now = options.now ?? Date.now;
  const storage = await openStorage(env);
  const breaker = new CircuitBreaker(config.breakerThreshold, config.breakerCooldownMs, now);
  const upstream = new Upstream({ config, breaker, fetch: options.upstreamFetch ?? globalThis.fetch });
  const redact = redactor([config.upstream?.key ?? '']);
  const log = redacting(options.log, redact);
  // Retrained models live beside the SQLite file unless JIG_MODELS_DIR says where.
  const modelsDir =
    env.JIG_MODELS_DIR ||
    join(
      dirname(resolve(env.JIG_DATABASE && env.JIG_DATABASE !== ':memory:' ? env.JIG_DATABASE : '.jig/jig.db')),
      'models',
    );
  const app = createApp({ config, storage, upstream, now, redact, modelsDir, ...(log ? { log } : {}) });

  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host });
      s.once('listening', () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    await storage.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    db: storage.kind,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive and streaming connections would hold close() open: end them.
          if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
        });
        await storage.close();
      })();
      return closing;
    },
  };
}

const USAGE = `Usage: jig serve [--port 8787] [--host 127.0.0.1]

Starts the Jig server: POST /v1/assemble, /v1/events, /v1/lines/:id, /dashboard, /healthz.
Configuration comes from the environment (JIG_UPSTREAM_URL, JIG_UPSTREAM_MODEL,
JIG_UPSTREAM_KEY, JIG_ALLOWED_ORIGINS, JIG_DATABASE or DATABASE_URL, limits): see docs/server.md.`;

/** `jig serve`: runs until SIGINT or SIGTERM, then closes cleanly. Resolves with the exit code. */
export async function serveCommand(argv: string[]): Promise<number> {
  let port = 8787;
  let host = '127.0.0.1';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      return 0;
    } else if (flag === '--port' || flag === '-p') {
      const v = value();
      port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`jig serve: --port expects 0–65535; received ${JSON.stringify(v)}`);
        return 2;
      }
    } else if (flag === '--host') {
      const v = value();
      if (!v) {
        console.error('jig serve: --host expects a host name or address');
        return 2;
      }
      host = v;
    } else {
      console.error(`jig serve: unknown option ${JSON.stringify(arg)}\n\n${USAGE}`);
      return 2;
    }
  }
  let running: RunningServer;
  try {
    running = await startServer({ port, host, log: (entry) => console.log(JSON.stringify(entry)) });
  } catch (err) {
    console.error(`jig serve: could not start: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const config = readConfig(process.env);
  console.log(
    `Jig server listening on ${running.url} (database: ${running.db}, upstream: ${config.upstream ? 'configured' : 'none — /v1/assemble answers 503 no_upstream'})`,
  );
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      console.log(`Jig server stopping (${signal})`);
      running.close().then(
        () => resolve(0),
        (err: unknown) => {
          console.error(`jig serve: error while closing: ${String(err)}`);
          resolve(1);
        },
      );
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
