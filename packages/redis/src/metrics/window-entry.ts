import type { HistogramData, MetricsWindow } from '@rampkit/core';

/** One instance's flush of one window, as stored: the flag and start are in the key already. */
interface Entry {
  v: string;
  w: number;
  r: number;
  e: number;
  a: number;
  l: HistogramData;
  i?: string;
}

export function encodeEntry(window: MetricsWindow): string {
  const entry: Entry = {
    v: window.variation,
    w: window.windowMs,
    r: window.requests,
    e: window.errors,
    a: window.aborted,
    l: window.latency,
  };
  if (window.instanceId !== undefined) entry.i = window.instanceId;
  return JSON.stringify(entry);
}

export function decodeEntry(json: string, flagKey: string, windowStart: number): MetricsWindow {
  const entry = JSON.parse(json) as Entry;
  const window: MetricsWindow = {
    flagKey,
    variation: entry.v,
    windowStart,
    windowMs: entry.w,
    requests: entry.r,
    errors: entry.e,
    aborted: entry.a,
    latency: entry.l,
  };
  if (entry.i !== undefined) window.instanceId = entry.i;
  return window;
}
