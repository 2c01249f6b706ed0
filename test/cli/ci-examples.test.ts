import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRampkitCommands, parseCommandLine } from '@rampkit/cli';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCliWhenStale, expectExit, runCli } from './support/cli.js';
import { parseYaml } from './support/yaml.js';

const CI_DIR = fileURLToPath(new URL('../../examples/ci/', import.meta.url));

type Job = Record<string, unknown>;

/** Every shell script of a pipeline: GitHub's `run:` steps, GitLab's script lists. */
function scripts(pipeline: Record<string, unknown>): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key?: string) => {
    if (
      typeof value === 'string' &&
      (key === 'run' || key === 'script' || key === 'before_script' || key === 'after_script')
    )
      found.push(value);
    else if (Array.isArray(value)) for (const item of value) visit(item, key === 'steps' ? undefined : key);
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, k);
  };
  visit(pipeline);
  return found;
}

function rampkitCommands(pipeline: Record<string, unknown>): string[][] {
  return scripts(pipeline).flatMap((script) => findRampkitCommands(script).map((command) => command.args));
}

function load(name: string): Record<string, unknown> {
  return parseYaml(readFileSync(join(CI_DIR, name), 'utf8')) as Record<string, unknown>;
}

const pipelines = {
  'github-actions.yml': load('github-actions.yml'),
  'gitlab-ci.yml': load('gitlab-ci.yml'),
};

describe.each(Object.entries(pipelines))('examples/ci/%s', (_name, pipeline) => {
  const commands = rampkitCommands(pipeline);

  it('calls only rampkit commands that exist, with options they take', () => {
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const args of commands) {
      const parsed = parseCommandLine(args);
      expect(parsed.kind, `rampkit ${args.join(' ')}`).toBe('command');
    }
  });

  it('validates the plan, runs the canary with --wait, reports it and rolls back on failure', () => {
    const names = commands.map((args) => args.slice(0, 2).join(' '));
    expect(names).toEqual(
      expect.arrayContaining(['rollout validate', 'flags validate', 'rollout run', 'rollout rollback']),
    );
    expect(names.some((name) => name.startsWith('report'))).toBe(true);
    const production = commands.find(
      (args) => args[1] === 'run' && args.includes('deploy/checkout-canary.yaml'),
    );
    expect(production).toContain('--wait');
    expect(production).toContain('--id');
  });
});

describe('the pipelines have every stage a release needs', () => {
  it('GitHub Actions: build, tests, audit, CodeQL, staging with smoke tests, approval, canary, smoke, rollback', () => {
    const jobs = pipelines['github-actions.yml'].jobs as Record<string, Job>;
    expect(Object.keys(jobs)).toEqual([
      'build',
      'unit-tests',
      'integration-tests',
      'dependency-audit',
      'static-analysis',
      'deploy-staging',
      'approve-production',
      'canary-production',
      'smoke-production',
      'rollback-production',
    ]);
    expect(JSON.stringify(jobs['static-analysis'])).toContain('github/codeql-action/analyze');
    expect(JSON.stringify(jobs['dependency-audit'])).toContain('pnpm audit');
    expect(JSON.stringify(jobs['deploy-staging'])).toContain('smoke-test.sh');
    expect(jobs['approve-production']?.environment).toBe('production-approval');
    expect(jobs['canary-production']?.needs).toBe('approve-production');
    expect(String(jobs['rollback-production']?.if)).toContain('failure()');
  });

  it('GitLab CI: the same stages, a manual approval that blocks, and a rollback on failure', () => {
    const gitlab = pipelines['gitlab-ci.yml'];
    expect(gitlab.stages).toEqual([
      'build',
      'test',
      'security',
      'staging',
      'approve',
      'production',
      'verify',
      'rollback',
    ]);
    const job = (name: string) => gitlab[name] as Job;
    expect(job('sast').stage).toBe('security');
    expect(job('dependency-audit').stage).toBe('security');
    expect(job('approve-production')).toMatchObject({ when: 'manual', allow_failure: false });
    expect(job('rollback-production')).toMatchObject({ stage: 'rollback', when: 'on_failure' });
    expect(JSON.stringify(job('deploy-staging'))).toContain('smoke-test.sh');
  });
});

describe('the plans and flags the pipelines use are valid', () => {
  beforeAll(() => buildCliWhenStale());

  it.each(['deploy/checkout-canary.yaml', 'deploy/checkout-canary.staging.yaml'])('%s', async (plan) => {
    expectExit(await runCli(['rollout', 'validate', plan], { cwd: CI_DIR }), 0);
  });

  it('deploy/flags.yaml', async () => {
    expectExit(await runCli(['flags', 'validate', 'deploy/flags.yaml'], { cwd: CI_DIR }), 0);
  });
});
