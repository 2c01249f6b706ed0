-- Rampkit warehouse tables. migrate() runs this text with {{…}} replaced by quoted identifiers:
-- {{schema}} the caller's schema, {{exposures}}, {{events}} and {{covariates}} the table names, {{…_index}}
-- index names. Every statement is IF NOT EXISTS, so running it again migrates an older schema.

CREATE SCHEMA IF NOT EXISTS {{schema}};

-- One row per (experiment, unit): the arm the unit was first exposed to, and when. A later exposure
-- never moves the unit; an earlier one that arrives late (another process, a retry) replaces it.
CREATE TABLE IF NOT EXISTS {{schema}}.{{exposures}} (
  experiment        TEXT                     NOT NULL,
  unit              TEXT                     NOT NULL,
  arm               TEXT                     NOT NULL,
  first_exposed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (experiment, unit)
);
CREATE INDEX IF NOT EXISTS {{exposures_index}} ON {{schema}}.{{exposures}} (experiment, first_exposed_at);

-- One row per tracked event. (batch_id, seq) names the row within the sink's batch, so a batch
-- written again after a lost commit reply inserts nothing twice.
CREATE TABLE IF NOT EXISTS {{schema}}.{{events}} (
  batch_id  UUID                     NOT NULL,
  seq       INTEGER                  NOT NULL,
  metric    TEXT                     NOT NULL,
  unit      TEXT                     NOT NULL,
  value     DOUBLE PRECISION         NOT NULL,
  time      TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (batch_id, seq)
);
CREATE INDEX IF NOT EXISTS {{events_index}} ON {{schema}}.{{events}} (metric, unit, time);

-- One row per (experiment, metric, unit): the CUPED covariate z the caller supplied for a metric with
-- cuped: { covariate: 'supplied' }, e.g. the unit's spend in another system before the experiment.
-- The value recorded last replaces the one before.
CREATE TABLE IF NOT EXISTS {{schema}}.{{covariates}} (
  experiment  TEXT             NOT NULL,
  metric      TEXT             NOT NULL,
  unit        TEXT             NOT NULL,
  value       DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (experiment, metric, unit)
);
