import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { errorCode } from '../../errors/error-code.js';
import { StoreUnavailableError } from '../../errors/errors.js';

export interface FileWatchOptions {
  /** Interval of the stat poll that backs up fs.watch. */
  pollIntervalMs: number;
  /** Events closer together than this are coalesced into one `onChange` call. */
  debounceMs: number;
}

/**
 * Calls `onChange` (debounced) whenever the file at `path` may have changed; returns the function
 * that stops watching.
 *
 * The directory is watched, not the file: editors and atomic writers replace the file by renaming a
 * temporary file over it, which gives the path a new inode that a watch on the old one never sees.
 * A stat poll backs fs.watch up, since fs.watch misses events on network and some container
 * filesystems. Timers are unref'd so that watching never keeps a process alive.
 */
export function watchFile(
  path: string,
  options: FileWatchOptions,
  onChange: () => void,
  onError: (error: Error) => void,
): () => void {
  const name = basename(path);
  let stopped = false;
  let debounce: NodeJS.Timeout | undefined;
  /** The file as the poll last saw it. */
  let lastSignature: string | undefined;

  const schedule = (): void => {
    if (stopped) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = undefined;
      if (stopped) return;
      // The poll records the file as it is now, so that it does not report this change again:
      // reading a large file twice for one edit is costly.
      void signatureOf(path).then((signature) => {
        lastSignature = signature;
      });
      onChange();
    }, options.debounceMs);
    debounce.unref();
  };

  let watcher: FSWatcher | undefined;
  const fallBack = (error: unknown): void => {
    watcher?.close();
    watcher = undefined;
    onError(
      new StoreUnavailableError(
        `cannot watch ${dirname(path)}; changes to ${path} are picked up by polling every ${options.pollIntervalMs} ms`,
        { cause: error },
      ),
    );
  };
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
      // Some platforms do not name the file; then any event in the directory may concern ours.
      if (filename === null || filename === name) schedule();
    });
    watcher.on('error', fallBack);
  } catch (error) {
    fallBack(error);
  }

  let polling = false;
  const poll = async (): Promise<void> => {
    if (polling || stopped) return;
    polling = true;
    try {
      const signature = await signatureOf(path);
      if (lastSignature !== undefined && signature !== lastSignature) schedule();
      lastSignature = signature;
    } finally {
      polling = false;
    }
  };
  void poll();
  const interval = setInterval(() => void poll(), options.pollIntervalMs);
  interval.unref();

  return () => {
    stopped = true;
    clearTimeout(debounce);
    clearInterval(interval);
    watcher?.close();
    watcher = undefined;
  };
}

/** What the poll compares: the file's identity, size and times, or the error that stat gave. */
function signatureOf(path: string): Promise<string> {
  return stat(path).then(
    (s) => `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`,
    (error: unknown) => `error:${errorCode(error) ?? 'unknown'}`,
  );
}
