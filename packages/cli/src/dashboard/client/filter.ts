/**
 * `<input data-filter="selector">`: hides the rows it selects whose `data-search` lacks the text.
 * Called again for every fragment htmx swaps in, so rows a live table brings are filtered too.
 */
export function bindFilters(root: ParentNode): void {
  for (const input of root.querySelectorAll<HTMLInputElement>('input[data-filter]')) {
    if (input.dataset.bound === '1') continue;
    input.dataset.bound = '1';
    input.addEventListener('input', () => applyFilter(input));
  }
  for (const input of document.querySelectorAll<HTMLInputElement>('input[data-filter]')) applyFilter(input);
}

function applyFilter(input: HTMLInputElement): void {
  const needle = input.value.trim().toLowerCase();
  for (const row of document.querySelectorAll<HTMLElement>(input.dataset.filter ?? '')) {
    row.hidden = needle !== '' && !(row.dataset.search ?? '').includes(needle);
  }
}
