import { InvalidConfigError } from '@rampkit/core';
import { describe, expect, it } from 'vitest';
import { EMPTY_FEATURE_SET, readFeatureSet } from './feature-set.js';
import type { UnleashFeature } from './types.js';

const on = (name: string): UnleashFeature => ({ name, enabled: true, strategies: [{ name: 'default' }] });

function issuesOf(input: unknown): string[] {
  try {
    readFeatureSet(input, EMPTY_FEATURE_SET, 'test');
  } catch (error) {
    if (error instanceof InvalidConfigError)
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('a /client/features payload replaces everything', () => {
  it('keys features by name and segments by id', () => {
    const set = readFeatureSet(
      { version: 2, features: [on('a'), on('b')], segments: [{ id: 7, constraints: [] }] },
      EMPTY_FEATURE_SET,
      'test',
    );
    expect([...set.features.keys()]).toEqual(['a', 'b']);
    expect([...set.segments.keys()]).toEqual([7]);
    const next = readFeatureSet({ features: [on('c')] }, set, 'test');
    expect([...next.features.keys()]).toEqual(['c']);
    expect(next.segments.size).toBe(0);
  });
});

describe('delta events apply in order on top of what is in force', () => {
  const base = readFeatureSet(
    { features: [on('a'), on('b')], segments: [{ id: 1, constraints: [] }] },
    EMPTY_FEATURE_SET,
    't',
  );

  it('updates, removes and hydrates features and segments', () => {
    const next = readFeatureSet(
      {
        events: [
          { type: 'feature-updated', eventId: 1, feature: { ...on('a'), enabled: false } },
          { type: 'feature-removed', eventId: 2, featureName: 'b' },
          { type: 'feature-updated', eventId: 3, feature: on('c') },
          { type: 'segment-updated', eventId: 4, segment: { id: 2, constraints: [] } },
          { type: 'segment-removed', eventId: 5, segmentId: 1 },
        ],
      },
      base,
      'test',
    );
    expect([...next.features.keys()]).toEqual(['a', 'c']);
    expect(next.features.get('a')?.enabled).toBe(false);
    expect([...next.segments.keys()]).toEqual([2]);
    // The base is never modified: a failed or later payload starts from what was in force.
    expect([...base.features.keys()]).toEqual(['a', 'b']);
  });

  it('a hydration event replaces everything before it; unknown event types are skipped', () => {
    const next = readFeatureSet(
      {
        events: [
          { type: 'hydration', eventId: 1, features: [on('z')] },
          { type: 'future-event', eventId: 2 },
        ],
      },
      base,
      'test',
    );
    expect([...next.features.keys()]).toEqual(['z']);
    expect(next.segments.size).toBe(0);
  });
});

describe('structural problems are reported whole, each with its JSON path', () => {
  it('names every offending path', () => {
    const issues = issuesOf({
      features: [
        { name: '', enabled: 'yes', strategies: {} },
        { name: 'ok', enabled: true, strategies: [{ name: 'default', constraints: [{ operator: 1 }] }] },
        { name: 'v', enabled: true, variants: [{ name: 'x', weight: -1, payload: { type: 'string' } }] },
      ],
      segments: [{ id: 'one' }],
    });
    expect(issues).toEqual([
      'features[0].name: must be a non-empty string, got the string ""',
      'features[0].enabled: must be true or false, got the string "yes"',
      'features[0].strategies: must be an array, got an object',
      'features[1].strategies[0].constraints[0].contextName: must be a string, got nothing',
      'features[1].strategies[0].constraints[0].operator: must be a string, got 1',
      'features[2].variants[0].weight: must be a number at least 0, got -1',
      'features[2].variants[0].payload.value: must be a string, got nothing',
      'segments[0].id: must be a finite number, got the string "one"',
      'segments[0].constraints: is required: an array of constraints',
    ]);
  });

  it('rejects inputs that are neither payload', () => {
    expect(issuesOf(null)).toEqual(['$: must be an object, got null']);
    expect(issuesOf({})).toEqual(['features: must be an array, got nothing']);
    expect(issuesOf({ events: [{ type: 'feature-removed' }] })).toEqual([
      'events[0].featureName: must be the name of the removed feature',
    ]);
  });

  it('accepts the nulls Unleash serialises for absent optional fields', () => {
    expect(
      issuesOf({
        features: [{ name: 'n', enabled: true, description: null, variants: null, strategies: [] }],
      }),
    ).toEqual([]);
  });
});
