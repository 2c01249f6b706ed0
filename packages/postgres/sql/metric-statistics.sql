-- One metric's sufficient statistics per arm, for @rampkit/experiments' MetricSums.
-- Portable SQL: CTEs, CASE, COALESCE, CAST, POSITION, SUM, COUNT and the SQL:2008 ordered-set
-- aggregate PERCENTILE_CONT(…) WITHIN GROUP (ORDER BY …); parameters are :named.
--
--   :experiment           the experiment (the flag's key)
--   :arms                 the definition's arm keys, each between spaces (' control green '); keys
--                         have no spaces, so an arm with one is never listed. Units in other arms
--                         are left out, caps included
--   :from, :to            first exposures in [from, to); events count until :to
--   :metric               the event whose values make y (the metric, a ratio's numerator)
--   :denominator          a ratio metric's denominator event (x), else NULL
--   :binomial             1: y is 0/1, the unit converted at least once; 0: y is the per-unit sum
--   :cap                  a fixed cap on y (winsorizing), else NULL
--   :cap_fraction         a percentile cap as a fraction (0.99 for the 99th percentile), else NULL
--   :pre_from, :pre_to    the CUPED pre-period of the covariate z (the same metric), else NULL
--   :covariate_metric     the metric key whose supplied covariates make z, else NULL
--
-- Units with no events count with y = x = z = 0, so n is every exposed unit.
--
-- A percentile cap is computed in this one query, by PERCENTILE_CONT over every exposed unit's y
-- (all arms pooled, units without events included): linear interpolation at position
-- (n − 1)·fraction of the sorted values, the definition @rampkit/experiments' buildStatistics uses.
-- One statement reads one snapshot, so the cap and the sums see the same rows; a warehouse without
-- the ordered-set form (BigQuery: PERCENTILE_CONT(y, f) OVER ()) runs step 6 as its own query and
-- passes the result as the fixed :cap.
WITH exposed AS (
  -- 1. Each unit once, in the arm it was first exposed to (the table keeps only that one).
  SELECT unit, arm, first_exposed_at
  FROM {{schema}}.{{exposures}}
  WHERE experiment = CAST(:experiment AS TEXT)
    AND POSITION(' ' IN arm) = 0
    AND POSITION(' ' || arm || ' ' IN CAST(:arms AS TEXT)) > 0
    AND first_exposed_at >= CAST(:from AS TIMESTAMP WITH TIME ZONE)
    AND first_exposed_at < CAST(:to AS TIMESTAMP WITH TIME ZONE)
),
after_exposure AS (
  -- 2. Per unit, only events at or after its first exposure: y's sum and count, x's sum.
  SELECT x.unit,
         SUM(CASE WHEN e.metric = CAST(:metric AS TEXT) THEN e.value ELSE 0 END)      AS y_sum,
         SUM(CASE WHEN e.metric = CAST(:metric AS TEXT) THEN 1 ELSE 0 END)            AS y_events,
         SUM(CASE WHEN e.metric = CAST(:denominator AS TEXT) THEN e.value ELSE 0 END) AS x_sum
  FROM exposed x
  JOIN {{schema}}.{{events}} e ON e.unit = x.unit
  WHERE (e.metric = CAST(:metric AS TEXT) OR e.metric = CAST(:denominator AS TEXT))
    AND e.time >= x.first_exposed_at
    AND e.time < CAST(:to AS TIMESTAMP WITH TIME ZONE)
  GROUP BY x.unit
),
before_exposure AS (
  -- 3. Per unit, the same metric in the pre-period and before its exposure: the CUPED covariate z.
  SELECT x.unit, SUM(e.value) AS z_sum, COUNT(*) AS z_events
  FROM exposed x
  JOIN {{schema}}.{{events}} e ON e.unit = x.unit
  WHERE e.metric = CAST(:metric AS TEXT)
    AND e.time >= CAST(:pre_from AS TIMESTAMP WITH TIME ZONE)
    AND e.time < CAST(:pre_to AS TIMESTAMP WITH TIME ZONE)
    AND e.time < x.first_exposed_at
  GROUP BY x.unit
),
supplied AS (
  -- 4. Per unit, the covariate the caller supplied for this experiment and metric: z as it is.
  SELECT c.unit, c.value
  FROM {{schema}}.{{covariates}} c
  WHERE c.experiment = CAST(:experiment AS TEXT)
    AND c.metric = CAST(:covariate_metric AS TEXT)
),
per_unit AS (
  -- 5. One row per exposed unit: y (0/1 or the sum), x, z; no events or no covariate means 0.
  SELECT x.arm,
         CASE WHEN CAST(:binomial AS INTEGER) = 1
              THEN (CASE WHEN a.y_events > 0 THEN 1.0 ELSE 0.0 END)
              ELSE COALESCE(a.y_sum, 0.0) END AS y_raw,
         COALESCE(a.x_sum, 0.0) AS x,
         CASE WHEN CAST(:covariate_metric AS TEXT) IS NOT NULL THEN COALESCE(s.value, 0.0)
              WHEN CAST(:binomial AS INTEGER) = 1
              THEN (CASE WHEN b.z_events > 0 THEN 1.0 ELSE 0.0 END)
              ELSE COALESCE(b.z_sum, 0.0) END AS z
  FROM exposed x
  LEFT JOIN after_exposure a ON a.unit = x.unit
  LEFT JOIN before_exposure b ON b.unit = x.unit
  LEFT JOIN supplied s ON s.unit = x.unit
),
cap AS (
  -- 6. The cap: the fixed one, or the percentile of y over every exposed unit (0 when there is
  --    none, as buildStatistics has it). One row; without a percentile no unit is read here.
  SELECT CASE WHEN CAST(:cap_fraction AS DOUBLE PRECISION) IS NULL THEN CAST(:cap AS DOUBLE PRECISION)
              ELSE COALESCE(PERCENTILE_CONT(CAST(:cap_fraction AS DOUBLE PRECISION))
                              WITHIN GROUP (ORDER BY y_raw), 0.0) END AS value
  FROM per_unit
  WHERE CAST(:cap_fraction AS DOUBLE PRECISION) IS NOT NULL
),
capped AS (
  -- 7. Winsorize y at the cap: a value above it counts as the cap.
  SELECT p.arm,
         CASE WHEN p.y_raw > c.value THEN c.value ELSE p.y_raw END AS y,
         p.x, p.z, c.value AS capped_at
  FROM per_unit p
  CROSS JOIN cap c
)
-- 8. The sums, per arm, and the cap they were built with.
SELECT arm,
       COUNT(*)     AS n,
       SUM(y)       AS sum,
       SUM(y * y)   AS sum_squares,
       SUM(x)       AS denominator_sum,
       SUM(x * x)   AS denominator_sum_squares,
       SUM(x * y)   AS denominator_cross_sum,
       SUM(z)       AS covariate_sum,
       SUM(z * z)   AS covariate_sum_squares,
       SUM(y * z)   AS covariate_cross_sum,
       SUM(x * z)   AS covariate_denominator_cross_sum,
       MAX(capped_at) AS capped_at
FROM capped
GROUP BY arm
ORDER BY arm;
