/**
 * The CLI's errors live in src/program/errors.ts. This re-export keeps the path that src/store/
 * imports while that folder is being changed on another branch (issue #21); once it imports
 * `../program/errors.js`, this file goes.
 */
export { CliError, UsageError } from '../program/errors.js';
