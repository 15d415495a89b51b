/**
 * The pane builds its DOM from code, and every string from the data goes in as a text node,
 * never as HTML: `h` takes attributes and children and has no way to parse markup.
 */
export type Child = Node | string | number | null | undefined | false;
/**
 * A child, or a list of children of any length. Lists are passed as one argument and appended in a
 * loop: spreading a list into a call (`h("ul", {}, ...rows)`) puts every entry on the stack and
 * throws RangeError past about 125,000 entries.
 */
export type Children = Child | readonly Children[];
export type AttributeValue = string | number | boolean | null | undefined;
export type Listener = (event: Event) => void;

export interface Attributes {
  [name: string]: AttributeValue | Listener;
}

export function h<T extends HTMLElement = HTMLElement>(
  tag: string,
  attributes: Attributes = {},
  ...children: Children[]
): T {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") {
      element.addEventListener(name.replace(/^on/, ""), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element as T;
}

export function append(parent: Node, children: readonly Children[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === "object") parent.appendChild(child as Node);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces an element's children with the given ones (lists as one argument each, as for `h`). */
export function fill(parent: Element, ...children: Children[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A link to a source, opened outside the pane; plain text when the source has no address (user data). */
export function link(url: string, text: string): HTMLElement {
  if (!/^https:\/\//.test(url)) return h("span", { class: "source-title" }, text);
  return h<HTMLAnchorElement>(
    "a",
    { href: url, target: "_blank", rel: "noopener noreferrer" },
    text
  );
}

let counter = 0;
/** A unique id for label/field pairs. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A message area under a section's buttons: successes are a status, failures an alert. */
export interface Notice {
  element: HTMLElement;
  success(message: string): void;
  error(message: string): void;
  clear(): void;
}

export function makeNotice(): Notice {
  const status = h("p", { class: "notice notice-success", role: "status" });
  const alert = h("p", { class: "notice notice-error", role: "alert" });
  const element = h("div", { class: "notices" }, status, alert);
  return {
    element,
    success(message) {
      alert.textContent = "";
      status.textContent = message;
    },
    error(message) {
      status.textContent = "";
      alert.textContent = message;
    },
    clear() {
      status.textContent = "";
      alert.textContent = "";
    },
  };
}
