/**
 * Which version a configuration is, for stores whose configuration lives where other programs can
 * change it (a flags file in git): the store remembers the version it last gave and a digest of
 * that configuration's data, so that every process, whenever it starts, numbers the same content
 * the same way.
 */
export interface ConfigIdentity {
  readonly version: number;
  /** A digest of the configuration's data (not of its formatting). */
  readonly digest: string;
}

/**
 * The identity of a configuration read with `digest`: the remembered one when it is that content,
 * else the next version. `floor` is the highest version this reader already handed out, so that a
 * reader whose record could not be kept still never goes back.
 */
export function identityOnRead(
  remembered: ConfigIdentity | undefined,
  digest: string,
  floor: number,
): ConfigIdentity {
  if (remembered !== undefined && remembered.digest === digest && remembered.version >= floor)
    return remembered;
  return { version: Math.max(remembered?.version ?? 0, floor) + 1, digest };
}

/** The identity of a configuration just written: always a new version, as in every other store. */
export function identityOnWrite(
  remembered: ConfigIdentity | undefined,
  digest: string,
  floor: number,
): ConfigIdentity {
  return { version: Math.max(remembered?.version ?? 0, floor) + 1, digest };
}
