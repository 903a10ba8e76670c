/**
 * HTML building for the status page. `html` is a tagged template that escapes every interpolated
 * value unless it is itself `html` — so text from data files (coin names, dealer ids, error
 * messages) can only ever reach the page as text.
 */

export class Html {
  constructor(readonly text: string) {}
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Interpolations: `Html` as is, arrays joined, null/undefined/false as nothing, the rest escaped as text. */
export type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

const render = (v: Interpolation): string =>
  v instanceof Html
    ? v.text
    : Array.isArray(v)
      ? v.map(render).join('')
      : v === null || v === undefined || v === false
        ? ''
        : escapeHtml(String(v));

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Html(out);
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no `</script>` can close it. */
export const jsonBlock = (value: unknown) => new Html(JSON.stringify(value).replace(/</g, '\\u003c'));
