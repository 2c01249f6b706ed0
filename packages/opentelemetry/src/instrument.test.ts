import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createClient, MemoryStore } from '@rampkit/core';
import { createRolloutController } from '@rampkit/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentClient, instrumentController } from './index.js';

const flags = {
  flags: [
    {
      key: 'checkout',
      kind: 'canary' as const,
      variations: { canary: 'v2', stable: 'v1' },
      offVariation: 'stable',
      fallthrough: { variation: 'stable' },
    },
  ],
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Registers an SDK with an in-memory exporter for the test; unregistered afterwards. */
function registerSdk(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  cleanups.push(() => {
    trace.disable();
    context.disable();
  });
  return exporter;
}

describe('flag evaluations follow the semantic conventions for feature flags', () => {
  it('become feature_flag.evaluation events on the active span, errors included', async () => {
    const exporter = registerSdk();
    const client = createClient({ flags });
    cleanups.push(() => client.close());
    await client.ready();
    const stop = instrumentClient(client);
    trace.getTracer('test').startActiveSpan('GET /pay', (span) => {
      client.variation('checkout', { targetingKey: 'u1' });
      client.isEnabled('missing', { targetingKey: 'u1' });
      span.end();
    });
    stop();
    trace.getTracer('test').startActiveSpan('after stop', (span) => {
      client.variation('checkout', { targetingKey: 'u1' });
      span.end();
    });
    const [request, after] = exporter.getFinishedSpans();
    expect(request!.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'feature_flag.evaluation',
        {
          'feature_flag.key': 'checkout',
          'feature_flag.provider.name': 'Rampkit',
          'feature_flag.result.reason': 'static',
          'feature_flag.result.variant': 'stable',
          'feature_flag.version': '1',
        },
      ],
      [
        'feature_flag.evaluation',
        expect.objectContaining({
          'feature_flag.key': 'missing',
          'feature_flag.result.reason': 'error',
          'error.type': 'flag_not_found',
        }),
      ],
    ]);
    expect(after!.events).toEqual([]);
  });

  it('records nothing outside a span, and nothing (without failing) when no SDK is registered', async () => {
    const client = createClient({ flags });
    cleanups.push(() => client.close());
    await client.ready();
    instrumentClient(client);
    // No SDK: the API's no-op tracer; the evaluation is served as usual.
    trace.getTracer('test').startActiveSpan('no sdk', (span) => {
      expect(span.isRecording()).toBe(false);
      expect(client.variation('checkout', { targetingKey: 'u1' })).toBe('stable');
      span.end();
    });
    const exporter = registerSdk();
    expect(client.variation('checkout', { targetingKey: 'u1' })).toBe('stable');
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('rollout transitions become span events', () => {
  it('with the rollout flag as feature_flag.key, a pause included', async () => {
    const exporter = registerSdk();
    const store = new MemoryStore({ config: flags });
    const controller = createRolloutController({ store, pollInterval: '1h' });
    cleanups.push(() => controller.close());
    const stop = instrumentController(controller);
    cleanups.push(stop);
    await controller.start({
      id: 'checkout-v2',
      flag: 'checkout',
      strategy: 'canary',
      steps: [{ weight: 10 }, { weight: 100 }],
    });
    await controller.pause('checkout-v2', { reason: 'looking at logs' });
    await expect.poll(() => exporter.getFinishedSpans().length).toBeGreaterThanOrEqual(2);
    const events = exporter.getFinishedSpans().flatMap((span) => span.events);
    expect(events.every((e) => e.name === 'rampkit.rollout.transition')).toBe(true);
    expect(events.every((e) => e.attributes?.['feature_flag.key'] === 'checkout')).toBe(true);
    expect(events.map((e) => e.attributes?.['rampkit.rollout.status'])).toContain('paused');
    expect(
      events.find((e) => e.attributes?.['rampkit.rollout.status'] === 'paused')?.attributes,
    ).toMatchObject({
      'rampkit.rollout.id': 'checkout-v2',
      'rampkit.rollout.reason': expect.stringContaining('looking at logs'),
    });
  });
});
