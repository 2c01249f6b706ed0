import { describe, expect, it } from 'vitest';
import { UsageError } from '../program/errors.js';
import { parseStoreUrl, redactSecrets, redactUrl } from './store-url.js';

describe('store URLs are printed without passwords', () => {
  it('replaces the password of a URL, keeping the user, host and database', () => {
    expect(redactUrl('redis://:hunter2@cache:6379/2')).toBe('redis://:***@cache:6379/2');
    expect(redactUrl('rediss://app:p%40ss@cache.example.com:6380')).toBe(
      'rediss://app:***@cache.example.com:6380',
    );
    expect(redactUrl('redis://app@cache:6379')).toBe('redis://app@cache:6379');
    expect(redactUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });

  it('knows the password in raw and decoded form, so messages that echo either are redacted', () => {
    const location = parseStoreUrl('redis://app:p%40ss@cache:6379');
    expect(location).toMatchObject({ kind: 'redis', display: 'redis://app:***@cache:6379' });
    expect(redactSecrets('AUTH p@ss failed; url p%40ss', location.secrets)).toBe('AUTH *** failed; url ***');
  });
});

describe('--store accepts Redis URLs and flags files', () => {
  it('resolves file: paths against the working directory', () => {
    expect(parseStoreUrl('file:flags.json', '/srv/app')).toMatchObject({
      kind: 'file',
      path: '/srv/app/flags.json',
    });
    expect(parseStoreUrl('file:/etc/rampkit/flags.yaml', '/srv')).toMatchObject({
      path: '/etc/rampkit/flags.yaml',
    });
    expect(parseStoreUrl('file:///var/flags.json', '/srv')).toMatchObject({ path: '/var/flags.json' });
  });

  it('refuses anything else with a usage error that shows no password', () => {
    expect(() => parseStoreUrl('memcached://u:secret@host')).toThrow(UsageError);
    expect(() => parseStoreUrl('memcached://u:secret@host')).toThrow(/memcached:\/\/u:\*\*\*@host/);
    expect(() => parseStoreUrl('file:')).toThrow(/needs a path/);
  });
});

describe('a Redis URL names its environment with ?prefix=', () => {
  it('takes the prefix out of the URL handed to Redis and keeps it in what is printed', () => {
    expect(parseStoreUrl('redis://:pw@cache:6379/2?prefix=staging:')).toEqual({
      kind: 'redis',
      url: 'redis://:pw@cache:6379/2',
      display: 'redis://:***@cache:6379/2?prefix=staging:',
      secrets: ['pw', 'pw'],
      prefix: 'staging:',
    });
    expect(parseStoreUrl('redis://cache:6379?family=6&prefix=prod:')).toMatchObject({
      url: 'redis://cache:6379?family=6',
      prefix: 'prod:',
    });
    expect(parseStoreUrl('redis://cache:6379')).not.toHaveProperty('prefix');
  });

  it('refuses an empty prefix, and a prefix on a flags file, naming the option', () => {
    expect(() => parseStoreUrl('redis://cache:6379?prefix=', '/', '--to')).toThrow(
      '--to redis://cache:6379?prefix=: prefix= needs a value, e.g. prefix=staging:',
    );
    expect(() => parseStoreUrl('file:prod.json?prefix=prod:', '/', '--from')).toThrow(
      '--from file:prod.json?prefix=prod:: a flags file has no key prefix; give each environment its own file (file:staging.json)',
    );
  });
});
