/**
 * The only way HTML is built in the report: the `markup` tagged template, which escapes every
 * interpolated value unless it is already SafeHtml. (Not named `html`: Prettier would reformat
 * templates with that tag as HTML, changing the output and the stylesheet the CSP hash covers.) Tenant strings (display names, UPNs, group names) are untrusted, so
 * making "escaped" the default means a forgotten call cannot inject markup.
 */
import escapeHtml from "escape-html";

/** Markup that is already safe to emit: built by `markup` or declared static with `trustedHtml`. */
export class SafeHtml {
  readonly #markup: string;
  constructor(markup: string, token: typeof constructionToken) {
    if (token !== constructionToken) throw new Error("Build SafeHtml with the markup tagged template.");
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

// Keeps `new SafeHtml(userText)` from compiling into an escape hatch elsewhere in the code base.
const constructionToken: unique symbol = Symbol("SafeHtml");

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join("");
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are trusted (they are in our source), interpolations are escaped. */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out, constructionToken);
}

/**
 * For constant markup from our own source only (the stylesheet). Never pass data through it:
 * the parameter is typed as a literal-only string to make that mistake visible in review.
 */
export function trustedHtml<T extends string>(constant: string extends T ? never : T): SafeHtml {
  return new SafeHtml(constant, constructionToken);
}

/** An http(s) URL for an href, or undefined: other schemes (javascript:, data:) are refused. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
