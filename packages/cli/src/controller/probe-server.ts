import { createServer, type Server } from 'node:http';
import { errorMessage } from '@rampkit/core/internal';
import type { ReadinessReport } from './readiness.js';

export interface ProbeRoutes {
  readiness: () => ReadinessReport;
  /** Prometheus text and its content type. */
  metrics: () => Promise<{ contentType: string; text: string }>;
}

/**
 * `/healthz` (the process answers: 200 while it runs), `/readyz` (200 while the loop runs and the
 * store answers, else 503 with the reason) and `/metrics` (Prometheus text). Anything else is 404.
 */
export function probeServer(routes: ProbeRoutes): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(`${JSON.stringify(body)}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      json(405, { error: 'only GET and HEAD' });
      return;
    }
    if (path === '/healthz') {
      json(200, { ok: true });
      return;
    }
    if (path === '/readyz') {
      const report = routes.readiness();
      json(report.ready ? 200 : 503, report);
      return;
    }
    if (path === '/metrics') {
      routes.metrics().then(
        ({ contentType, text }) => {
          response.writeHead(200, { 'content-type': contentType });
          response.end(text);
        },
        (error: unknown) => json(500, { error: errorMessage(error) }),
      );
      return;
    }
    json(404, { error: `no route ${path}: try /healthz, /readyz or /metrics` });
  });
}

/** Listens and resolves with the port bound (useful with port 0). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Stops accepting connections and closes idle keep-alive ones, so shutdown does not wait on them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
