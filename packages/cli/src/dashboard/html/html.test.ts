import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './html.js';

describe('pages escape every value from the store', () => {
  it('a hostile flag key renders as text', () => {
    const key = '<script>alert(1)</script>';
    expect(html`<td>${key}</td>`.value).toBe('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
  });

  it('quotes cannot leave an attribute', () => {
    expect(html`<a href="/flags/${'x" onmouseover="alert(1)'}">`.value).toBe(
      '<a href="/flags/x&quot; onmouseover=&quot;alert(1)">',
    );
    expect(escapeHtml(`'&`)).toBe('&#39;&amp;');
  });

  it('nested templates and lists are not escaped twice; raw markup is kept', () => {
    const items = ['a<b', 'c'].map((text) => html`<li>${text}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${raw('<hr>')}${null}${undefined}${false}${0}`.value).toBe('<hr>0');
  });
});
