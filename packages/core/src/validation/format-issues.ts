import type { ValidationIssue } from '../errors/errors.js';

const MAX_LISTED = 20;

/** `head: path: message; path: message; …and N more`: one message for a document refused whole. */
export function formatIssues(head: string, issues: readonly ValidationIssue[]): string {
  const shown = issues.slice(0, MAX_LISTED).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > MAX_LISTED ? [`…and ${issues.length - MAX_LISTED} more`] : [];
  return `${head}: ${[...shown, ...more].join('; ')}`;
}
