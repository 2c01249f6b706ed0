/** `<input data-filter="selector">`: hides the rows it selects whose `data-search` lacks the text. */
export function bindFilters(root: ParentNode): void {
  for (const input of root.querySelectorAll<HTMLInputElement>('input[data-filter]')) {
    if (input.dataset.bound === '1') continue;
    input.dataset.bound = '1';
    const apply = () => {
      const needle = input.value.trim().toLowerCase();
      for (const row of document.querySelectorAll<HTMLElement>(input.dataset.filter ?? '')) {
        row.hidden = needle !== '' && !(row.dataset.search ?? '').includes(needle);
      }
    };
    input.addEventListener('input', apply);
    apply();
  }
}
