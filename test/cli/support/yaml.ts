// yaml is a root dev dependency pinned to the CLI's version: tests import it as users do.
export { parse as parseYaml } from 'yaml';
