/** The store's events; subscribe with `store.on(name, listener)`. An `error` without listeners is dropped, never thrown. */
export interface RedisStoreEvents {
  /**
   * Something went wrong off the request path: the first failure of an outage, a rejected command,
   * lost data or lost writes (a ConfigHistoryError, once per change).
   */
  error: [error: Error];
  /** The connection to Redis was lost: configuration delivered so far may be out of date. */
  stale: [];
  /** Connected again and resynchronised. */
  fresh: [];
}
