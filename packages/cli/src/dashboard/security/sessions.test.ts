import { describe, expect, it } from 'vitest';
import { SessionTable, sameSecret } from './sessions.js';

describe('the session table is bounded whatever clients send', () => {
  it('keeps at most max sessions, dropping the least recently seen', () => {
    const table = new SessionTable({ max: 50 });
    const first = table.create('a');
    const kept = table.create('b');
    for (let i = 0; i < 47; i++) table.create(`c${i}`);
    expect(table.find(kept.id)?.actor).toBe('b'); // seen now: the newest
    for (let i = 0; i < 5000; i++) table.create(`d${i}`);
    expect(table.size).toBe(50);
    expect(table.find(first.id)).toBeUndefined();
  });

  it('forgets a session idle past idleMs', () => {
    let now = 0;
    const table = new SessionTable({ idleMs: 1000, now: () => now });
    const session = table.create('a');
    now = 999;
    expect(table.find(session.id)).toBe(session);
    now = 2000;
    expect(table.find(session.id)).toBeUndefined();
    expect(table.size).toBe(0);
  });

  it('gives each session its own id and CSRF token', () => {
    const table = new SessionTable();
    const a = table.create('a');
    const b = table.create('a');
    expect(new Set([a.id, a.csrf, b.id, b.csrf]).size).toBe(4);
    expect(a.id).toMatch(/^[\w-]{43}$/);
  });

  it('compares secrets whole', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('ab', 'abc')).toBe(false);
    expect(sameSecret(undefined, 'abc')).toBe(false);
  });
});
