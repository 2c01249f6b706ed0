// test/ is not a workspace package: the yaml parser comes from the CLI's own dependencies.
export { parse as parseYaml } from '../../../packages/cli/node_modules/yaml/dist/index.js';
