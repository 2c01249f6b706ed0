/**
 * Functions run inside the page by Playwright (`page.evaluate(fn, arg)`): each is sent as its source,
 * so it uses nothing from outside its own body. The test project has no DOM types; the few it needs
 * are declared here.
 */

interface PageNode {
  nodeType: number;
  textContent: string | null;
}
interface PageElement extends PageNode {
  childNodes: Iterable<PageNode>;
  parentElement: PageElement | null;
  getClientRects(): { length: number };
}
interface PageCanvas extends PageElement {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  } | null;
}
interface PageView {
  document: {
    body: PageElement;
    documentElement: PageElement;
    querySelectorAll<T extends PageElement = PageElement>(selector: string): Iterable<T>;
  };
  getComputedStyle(element: PageElement): {
    color: string;
    backgroundColor: string;
    visibility: string;
    opacity: string;
    getPropertyValue(name: string): string;
  };
}

/** A run of text on the page, its computed colour, and the backgrounds under it, innermost first. */
export interface TextSample {
  text: string;
  color: string;
  backgrounds: string[];
}

/**
 * Every element's own visible text with its colour and the background colours down to the first
 * opaque one (Chromium writes an opaque colour as `rgb(…)`, any other as `rgba(…)`).
 */
export function textSamples(): TextSample[] {
  const view = globalThis as unknown as PageView;
  const samples: TextSample[] = [];
  for (const element of view.document.querySelectorAll('body, body *')) {
    const text = [...element.childNodes]
      .filter((node) => node.nodeType === 3)
      .map((node) => node.textContent?.trim() ?? '')
      .join(' ')
      .trim();
    if (text === '' || element.getClientRects().length === 0) continue;
    const style = view.getComputedStyle(element);
    if (style.visibility !== 'visible' || Number(style.opacity) === 0) continue;
    const backgrounds: string[] = [];
    for (let at: PageElement | null = element; at !== null; at = at.parentElement) {
      const background = view.getComputedStyle(at).backgroundColor;
      backgrounds.push(background);
      if (background.startsWith('rgb(')) break;
    }
    samples.push({ text: text.slice(0, 60), color: style.color, backgrounds });
  }
  return samples;
}

/** The computed background colour of the page's body. */
export function bodyBackground(): string {
  const view = globalThis as unknown as PageView;
  return view.getComputedStyle(view.document.body).backgroundColor;
}

/** The values of the given custom properties on the root element (`--chart-axis` → `#404040`). */
export function rootProperties(names: string[]): string[] {
  const view = globalThis as unknown as PageView;
  const style = view.getComputedStyle(view.document.documentElement);
  return names.map((name) => style.getPropertyValue(name).trim());
}

/** How many opaque pixels of the charts' canvases are each of the given `#rrggbb` colours. */
export function chartPixelCounts(colors: string[]): number[] {
  const view = globalThis as unknown as PageView;
  const wanted = colors.map((hex) => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)));
  const counts = colors.map(() => 0);
  for (const canvas of view.document.querySelectorAll<PageCanvas>('figure.chart canvas')) {
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (data === undefined) continue;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 255) continue;
      wanted.forEach(([r, g, b], index) => {
        if (data[i] === r && data[i + 1] === g && data[i + 2] === b) counts[index] = (counts[index] ?? 0) + 1;
      });
    }
  }
  return counts;
}
