import type { RedisClient } from '../connection/redis-client.js';
import {
  ACQUIRE_LEASE,
  ASSIGN_STICKY,
  PUT_DOCUMENT,
  RELEASE_LEASE,
  RENEW_LEASE,
  WRITE_CONFIG,
  WRITE_EXPERIMENT_DATA,
} from './lua.js';

/** The scripts as ioredis methods (EVALSHA, falling back to EVAL once per connection). */
export interface RampkitCommands {
  rampkitWriteConfig(
    configKey: string,
    auditKey: string,
    expectedVersion: string,
    updatedAt: string,
    channel: string,
    newGeneration: string,
    expectedDigest: string,
    digest: string,
    auditEntry: string,
    auditRetention: string,
    ...fields: string[]
  ): Promise<[number, number, string]>;
  rampkitAcquireLease(
    leaseKey: string,
    tokenKey: string,
    holder: string,
    ttlMs: string,
  ): Promise<[number, number]>;
  rampkitRenewLease(leaseKey: string, holder: string, token: string, ttlMs: string): Promise<number>;
  rampkitReleaseLease(leaseKey: string, holder: string, token: string): Promise<number>;
  rampkitPutDocument(
    documentKey: string,
    indexKey: string,
    fenceKey: string,
    expectedVersion: string,
    json: string,
    key: string,
    fenceToken: string,
  ): Promise<[number, number]>;
  /** Dynamic key count: `numberOfKeys, ...keys, ttlMs, ...variations`. */
  rampkitAssignSticky(numberOfKeys: number, ...keysThenArgs: string[]): Promise<string[]>;
  /** Dynamic key count: `numberOfKeys, writeIdKey, ...3 keys per experiment, ...args`. */
  rampkitWriteExperimentData(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>;
}

/**
 * Registers the scripts on a client (idempotent: a client shared by several stores gets the same
 * definitions again) and returns it typed with them.
 */
export function defineRampkitCommands(client: RedisClient): RampkitCommands {
  client.defineCommand('rampkitWriteConfig', { numberOfKeys: 2, lua: WRITE_CONFIG });
  client.defineCommand('rampkitAcquireLease', { numberOfKeys: 2, lua: ACQUIRE_LEASE });
  client.defineCommand('rampkitRenewLease', { numberOfKeys: 1, lua: RENEW_LEASE });
  client.defineCommand('rampkitReleaseLease', { numberOfKeys: 1, lua: RELEASE_LEASE });
  client.defineCommand('rampkitPutDocument', { numberOfKeys: 3, lua: PUT_DOCUMENT });
  client.defineCommand('rampkitAssignSticky', { lua: ASSIGN_STICKY });
  client.defineCommand('rampkitWriteExperimentData', { lua: WRITE_EXPERIMENT_DATA });
  return client as unknown as RampkitCommands;
}
