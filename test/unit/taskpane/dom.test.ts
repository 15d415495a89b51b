/*
 * The pane's DOM builder with lists longer than a call's argument limit: a section listing
 * 200,000 entries (an imported series' history, the sources of a large import) must render, not
 * stop with "RangeError: Maximum call stack size exceeded". The unit layer has no browser, so a
 * minimal document stands in for the few DOM calls dom.ts makes.
 */
import { fill, h } from "../../../src/taskpane/shell/dom";

interface FakeNode {
  tag?: string;
  text?: string;
  children: FakeNode[];
  attributes: Map<string, string>;
}

function fakeNode(fields: Partial<FakeNode>): FakeNode & Record<string, unknown> {
  const node = {
    children: [] as FakeNode[],
    attributes: new Map<string, string>(),
    ...fields,
    appendChild(child: FakeNode) {
      node.children.push(child);
      return child;
    },
    replaceChildren() {
      node.children = [];
    },
    setAttribute(name: string, value: string) {
      node.attributes.set(name, value);
    },
    addEventListener() {},
  };
  return node;
}

const ENTRIES = 200_000;

beforeAll(() => {
  (global as unknown as { document: unknown }).document = {
    createElement: (tag: string) => fakeNode({ tag }),
    createTextNode: (text: string) => fakeNode({ text }),
  };
});
afterAll(() => {
  delete (global as unknown as { document?: unknown }).document;
});

const texts = (node: FakeNode) => node.children.map((child) => child.text ?? child.tag);

test("a list of 200,000 entries becomes 200,000 children, in order", () => {
  const rows = Array.from({ length: ENTRIES }, (_, index) => h("li", {}, `row ${index + 1}`));
  const list = h("ul", { class: "rows" }, rows) as unknown as FakeNode;
  expect(list.children).toHaveLength(ENTRIES);
  expect((list.children[ENTRIES - 1] as FakeNode).children[0].text).toBe(`row ${ENTRIES}`);
});

test("fill replaces the children with a list of 200,000 texts", () => {
  const parent = h("tbody", {}, "old") as unknown as FakeNode;
  const values = Array.from({ length: ENTRIES }, (_, index) => index);
  fill(parent as unknown as Element, values);
  expect(parent.children).toHaveLength(ENTRIES);
  expect(parent.children[0].text).toBe("0");
});

test("fixed children and lists mix, and empty entries are left out", () => {
  const node = h("p", {}, "a", ["b", null, ["c", false]], undefined, 4) as unknown as FakeNode;
  expect(texts(node)).toEqual(["a", "b", "c", "4"]);
});
