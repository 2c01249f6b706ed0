import htmx from 'htmx.org';

// The SSE extension registers itself on the global htmx when it loads, so htmx must be global first.
(window as unknown as { htmx: typeof htmx }).htmx = htmx;

export { htmx };
