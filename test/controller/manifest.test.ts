/**
 * examples/controller runs `rampkit controller` in a container and on Kubernetes. Nothing here
 * starts a cluster; this checks that the manifest and the Dockerfile agree with the command: the
 * probes' paths and port are the ones it serves, and the image installs every package it needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '@rampkit/cli';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../cli/support/yaml.js';
import { REPO_ROOT } from '../support/doc-blocks.js';

const folder = join(REPO_ROOT, 'examples/controller');
const dockerfile = readFileSync(join(folder, 'Dockerfile'), 'utf8');

interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  args: string[];
  ports: { name?: string; containerPort: number }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  env: { name: string }[];
}
const manifest = parseYaml(readFileSync(join(folder, 'deployment.yaml'), 'utf8')) as {
  kind: string;
  spec: {
    replicas: number;
    template: { spec: { terminationGracePeriodSeconds: number; containers: Container[] } };
  };
};
const container = manifest.spec.template.spec.containers[0] as Container;

/** The command's default probe port, as its help states it. */
function defaultPort(): number {
  const spec = COMMANDS.find((command) => command.path.join(' ') === 'controller');
  const match = /default: (\d+)/.exec(spec?.options.port?.description ?? '');
  if (match === null) throw new Error('rampkit controller --port states no default');
  return Number(match[1]);
}

/** A probe's port as a number: numeric, or the container port of that name. */
function portOf(probe: Probe): number | undefined {
  const { port } = probe.httpGet;
  return typeof port === 'number' ? port : container.ports.find((p) => p.name === port)?.containerPort;
}

describe('examples/controller/deployment.yaml: replicas that probe what the command serves', () => {
  it('is a Deployment of at least two replicas, so one can die mid-rollout', () => {
    expect(manifest.kind).toBe('Deployment');
    expect(manifest.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('probes liveness on /healthz and readiness on /readyz, on the command’s default port', () => {
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(portOf(container.livenessProbe)).toBe(defaultPort());
    expect(portOf(container.readinessProbe)).toBe(defaultPort());
    expect(container.args).not.toContain('--port');
  });

  it('names each replica by its pod and gives SIGTERM a grace period longer than a lease renewal', () => {
    const id = container.args.indexOf('--id');
    expect(container.args[id + 1]).toBe('$(POD_NAME)');
    expect(container.env.map((variable) => variable.name)).toContain('POD_NAME');
    const poll = container.args[container.args.indexOf('--poll-interval') + 1];
    expect(poll).toMatch(/^\d+s$/);
    expect(manifest.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      Number.parseInt(poll as string, 10),
    );
  });
});

describe('examples/controller/Dockerfile: node:20-slim running the controller as PID 1', () => {
  it('exposes the default port and runs `controller` in exec form, so node gets SIGTERM itself', () => {
    expect(dockerfile).toMatch(/^FROM node:20-slim$/m);
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${defaultPort()}$`, 'm'));
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(entrypoint ?? 'null')).toEqual([
      'node',
      'node_modules/@rampkit/cli/dist/bin.js',
      'controller',
    ]);
  });

  it('installs a tarball of every @rampkit package the CLI depends on, directly or not', () => {
    const needed = new Set<string>();
    const visit = (name: string) => {
      if (needed.has(name)) return;
      needed.add(name);
      const pkg = JSON.parse(
        readFileSync(join(REPO_ROOT, 'packages', name.replace('@rampkit/', ''), 'package.json'), 'utf8'),
      ) as { dependencies?: Record<string, string> };
      for (const dependency of Object.keys(pkg.dependencies ?? {}))
        if (dependency.startsWith('@rampkit/')) visit(dependency);
    };
    visit('@rampkit/cli');
    const installed = [...dockerfile.matchAll(/\.\/packs\/(rampkit-[a-z-]+)\.tgz/g)].map((m) => m[1]);
    expect(new Set(installed)).toEqual(
      new Set([...needed].map((name) => name.replace('@rampkit/', 'rampkit-'))),
    );
  });
});
