import { ErrorCode, type OpenFeatureEventEmitter, ProviderEvents } from '@openfeature/server-sdk';
import type { ChangeEvent, RampkitClient } from '@rampkit/core';

/**
 * Forwards a Rampkit client's events as OpenFeature provider events, which set the provider's
 * status in the SDK:
 * - `change` (a new configuration in force) → CONFIGURATION_CHANGED with `flagsChanged`;
 * - `stale` (the store lost its connection; the last configuration keeps serving) → STALE;
 * - `error` (store outage, configuration rejected, metrics flush failed) → ERROR;
 * - `fresh`, or a configuration applied after STALE or ERROR, and the first `ready` when
 *   `initialize` had already failed → READY.
 * Returns the function that stops forwarding.
 */
export function forwardClientEvents(
  client: RampkitClient,
  events: OpenFeatureEventEmitter,
  initialized: () => boolean,
): () => void {
  let healthy = true;
  const ready = (): void => {
    healthy = true;
    events.emit(ProviderEvents.Ready);
  };
  const onChange = (change: ChangeEvent): void => {
    events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: change.changedKeys });
    if (!healthy && !client.isStale) ready();
  };
  const onStale = (): void => {
    healthy = false;
    events.emit(ProviderEvents.Stale, {
      message: 'the Rampkit store is unreachable; serving the last configuration',
    });
  };
  const onError = (error: Error): void => {
    healthy = false;
    events.emit(ProviderEvents.Error, { message: error.message, errorCode: ErrorCode.GENERAL });
  };
  // Before `initialize` settles the SDK announces READY itself; after a failed one, this does.
  const onReady = (): void => {
    if (initialized()) ready();
  };
  client.on('change', onChange);
  client.on('stale', onStale);
  client.on('fresh', ready);
  client.on('error', onError);
  client.on('ready', onReady);
  return () => {
    client.off('change', onChange);
    client.off('stale', onStale);
    client.off('fresh', ready);
    client.off('error', onError);
    client.off('ready', onReady);
  };
}
