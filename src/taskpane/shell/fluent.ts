import {
  fluentButton,
  fluentCheckbox,
  fluentOption,
  fluentSelect,
  fluentTab,
  fluentTabPanel,
  fluentTabs,
  fluentTextField,
  provideFluentDesignSystem,
} from "@fluentui/web-components";
import { h, uniqueId } from "./dom";

/** Registers only the Fluent UI web components the pane uses, so the bundle carries no others. */
export function registerFluent(): void {
  provideFluentDesignSystem().register(
    fluentButton(),
    fluentCheckbox(),
    fluentOption(),
    fluentSelect(),
    fluentTab(),
    fluentTabPanel(),
    fluentTabs(),
    fluentTextField()
  );
}

/** The value of a Fluent form control (select, text field), which keeps it as a property. */
export function valueOf(element: Element): string {
  return String((element as HTMLElement & { value?: unknown }).value ?? "");
}

export function button(
  text: string,
  onClick: () => void,
  options: { appearance?: "accent" | "neutral" | "outline" | "stealth"; id?: string } = {}
): HTMLElement {
  return h(
    "fluent-button",
    { appearance: options.appearance ?? "neutral", id: options.id, onclick: () => onClick() },
    text
  );
}

export interface Choice {
  value: string;
  text: string;
}

/** A labelled Fluent select; `onChange` gets the chosen value. */
export function select(
  label: string,
  choices: Choice[],
  value: string,
  onChange: (value: string) => void,
  id = uniqueId("select")
): HTMLElement {
  const labelId = `${id}-label`;
  const control = h(
    "fluent-select",
    {
      id,
      "aria-labelledby": labelId,
      onchange: (event) => onChange(valueOf(event.currentTarget as Element)),
    },
    choices.map((choice) =>
      h("fluent-option", { value: choice.value, selected: choice.value === value }, choice.text)
    )
  );
  return h(
    "div",
    { class: "field" },
    h("label", { id: labelId, for: id, class: "field-label" }, label),
    control
  );
}

/** A labelled native date input (Fluent v2 has no date field); "" means no date. */
export function dateField(
  label: string,
  value: string,
  onChange: (value: string) => void,
  options: { id?: string; hint?: string } = {}
): HTMLElement {
  const id = options.id ?? uniqueId("date");
  const hintId = `${id}-hint`;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id, class: "field-label" }, label),
    h("input", {
      id,
      type: "date",
      class: "date-input",
      value,
      min: "1900-01-01",
      max: "9999-12-31",
      "aria-describedby": options.hint ? hintId : undefined,
      onchange: (event) => onChange((event.currentTarget as HTMLInputElement).value),
    }),
    options.hint ? h("span", { id: hintId, class: "field-hint" }, options.hint) : null
  );
}
