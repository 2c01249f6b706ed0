export type { MetricsAggregatorOptions, MetricsAggregatorStats } from './aggregator.js';
export { MetricsAggregator } from './aggregator.js';
export {
  emptyHistogramData,
  LatencyHistogram,
  latencyBucketIndex,
  latencyBucketMidpoint,
  MAX_LATENCY_BUCKET,
  mergeHistogramData,
  quantileOf,
} from './histogram.js';
export type { ArmTotals } from './summarize.js';
export { summarizeArms, toArmMetrics } from './summarize.js';
export type { ArmMetrics, HistogramData, MetricsQuery, MetricsWindow, Outcome } from './types.js';
export { mergeMetricsWindows, mergeWindowReports, sortWindows, storedMetricsWindow } from './windows.js';
