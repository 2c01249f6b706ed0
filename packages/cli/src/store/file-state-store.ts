import type { FlagsConfig } from '@rampkit/core';
import {
  FileStateStore as CoreFileStateStore,
  type FileStateStoreOptions as CoreFileStateStoreOptions,
} from '@rampkit/core/file-store';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

export type FileStateStoreOptions = CoreFileStateStoreOptions;

/**
 * Core's file state store, reading and writing YAML flags files (`.yaml`, `.yml`) as well as JSON:
 * what `--store file:…` opens. Apps import `FileStateStore` from `@rampkit/core/file-store`; this
 * export stays for code written against earlier versions of the CLI.
 */
export class FileStateStore extends CoreFileStateStore {
  constructor(options: FileStateStoreOptions) {
    super(/\.ya?ml$/i.test(options.path) ? { ...yamlFormat, ...options } : options);
  }
}

const yamlFormat = {
  parse: (text: string): unknown => parseYaml(text),
  // YAML 1.1 quoting: strings like on, off, yes and no stay strings for YAML 1.1 readers too.
  format: (config: FlagsConfig): string => stringifyYaml(config, { version: '1.1' }),
};
