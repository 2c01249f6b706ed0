import { html, type SafeHtml } from './html.js';

export interface LayoutOptions {
  title: string;
  /** Which tab of the navigation is this page's. */
  section: 'rollouts' | 'flags' | 'experiments' | 'none';
  body: SafeHtml;
  /** Who the page acts as, shown in the header. */
  actor?: string;
  /** The store the page reads, without its password. */
  store?: string;
  readOnly?: boolean;
}

/**
 * The page around every view. Scripts and styles are files of this origin (the Content-Security-
 * Policy forbids inline ones); htmx's own indicator style is switched off for the same reason.
 */
export function layout(options: LayoutOptions): SafeHtml {
  const tab = (name: LayoutOptions['section'], href: string, label: string) =>
    html`<a href="${href}"${options.section === name ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"selfRequestsOnly":true}'>
<title>${options.title} · rampkit</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
<script type="module" src="/assets/dashboard.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<a class="brand" href="/">rampkit</a>
<nav aria-label="sections">${tab('rollouts', '/rollouts', 'Rollouts')}${tab('flags', '/flags', 'Flags')}${tab('experiments', '/experiments', 'Experiments')}</nav>
<span class="who">${options.store === undefined ? '' : html`<span class="store">${options.store}</span> · `}${options.readOnly ? html`<span class="badge">read-only</span> ` : ''}${options.actor ?? ''}</span>
</header>
<main id="main">
${options.body}
</main>
</body>
</html>
`;
}
