/**
 * Keeps a `details[data-keep-open]` open when a live update replaces it: the server sends each region
 * whole, with its details closed, and a table someone is reading would otherwise fold up every time
 * a chart moved. The open ones are remembered by the attribute's value.
 */
const open = new Set<string>();

export function keepDetailsOpen(): void {
  // `toggle` does not bubble: listened for on the way down.
  document.addEventListener(
    'toggle',
    (event) => {
      const details = event.target;
      if (!(details instanceof HTMLDetailsElement)) return;
      const key = details.dataset.keepOpen;
      if (key === undefined) return;
      if (details.open) open.add(key);
      else open.delete(key);
    },
    true,
  );
  // After the swap, before the page is painted again: no frame shows the table folded.
  document.addEventListener('htmx:afterSwap', (event) => {
    const root = event.target instanceof Element ? event.target : document;
    for (const details of root.querySelectorAll<HTMLDetailsElement>('details[data-keep-open]')) {
      if (open.has(details.dataset.keepOpen ?? '')) details.open = true;
    }
  });
}
