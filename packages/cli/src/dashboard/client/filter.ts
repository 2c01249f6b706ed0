/**
 * `<input data-filter="selector">`: hides the rows it selects whose `data-search` lacks the text.
 * Rows a live table brings are filtered as they are inserted: a MutationObserver's callback runs
 * before the page is painted again, where htmx's `load` comes only after its settle delay, and a
 * row left out of the search would show in between.
 */
export function bindFilters(root: ParentNode): void {
  for (const input of root.querySelectorAll<HTMLInputElement>('input[data-filter]')) {
    if (input.dataset.bound === '1') continue;
    input.dataset.bound = '1';
    input.addEventListener('input', () => applyFilter(input));
  }
  applyFilters();
}

let observing = false;

/** Applies every filter again whenever rows are inserted anywhere on the page. */
export function followInsertedRows(): void {
  if (observing) return;
  observing = true;
  new MutationObserver(applyFilters).observe(document.body, { childList: true, subtree: true });
}

function applyFilters(): void {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[data-filter]')) applyFilter(input);
}

function applyFilter(input: HTMLInputElement): void {
  const needle = input.value.trim().toLowerCase();
  for (const row of document.querySelectorAll<HTMLElement>(input.dataset.filter ?? '')) {
    const hidden = needle !== '' && !(row.dataset.search ?? '').includes(needle);
    // Written only when it changes: the observer does not watch attributes, and an unchanged row
    // should cost nothing.
    if (row.hidden !== hidden) row.hidden = hidden;
  }
}
