import { escapeXml } from './chart-frame.js';

/**
 * A whole report page around its parts: self-contained (inline CSS, no script, no network), so it
 * opens from a file, an attachment or a CI artifact alike. `header` and `body` are markup; the
 * title is text.
 */
export function htmlPage(parts: { title: string; style: string; header: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(parts.title)}</title>
<style>${parts.style}</style>
</head>
<body>
<header>${parts.header}</header>
${parts.body}
</body>
</html>
`;
}
