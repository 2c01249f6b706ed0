import { randomUUID } from 'node:crypto';

// Ids we mint are UUIDs; anything a client sends that is not id-shaped is replaced, so a crafted
// cookie cannot inject odd strings (or long ones) into contexts, metrics or Set-Cookie headers.
const ID_SHAPE = /^[A-Za-z0-9_-]{8,64}$/;

export function newAnonymousId(): string {
  return randomUUID();
}

export function isAnonymousId(value: string | undefined): value is string {
  return value !== undefined && ID_SHAPE.test(value);
}
