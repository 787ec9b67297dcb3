// One quiz question, drawn with native HTML controls (anywidget ES module, no build step).
//
// The model holds: `spec` (what to draw; every text in it is shown with textContent,
// except `prompt_html`, `feedback_html` and `heading_html`, which Python escaped and rendered),
// `answer` (the control's state: indices or text), `disabled` and `focus_count` (a counter
// Python bumps after a Check so focus stays on the question). A Check sends
// {event: "check", answer}.
//
// Keyboard: keys pressed inside the question stay inside it (JupyterLab's notebook shortcuts
// would otherwise take the arrow keys, Enter and single letters); Shift+Enter, Ctrl/Cmd
// combinations and Escape still reach JupyterLab.
//
// This is the page's one copy of the question code (coursekit.page_library): each question's
// own module only loads it. coursekit.quiz.question puts `const STYLE = <question.css>;` before
// it; the page gets that stylesheet once, in one <style>, when this module is imported.

const STYLE_ID = "coursekit-question-style";
if (!document.getElementById(STYLE_ID)) {
  document.head.append(Object.assign(document.createElement("style"), { id: STYLE_ID, textContent: STYLE }));
}

let counter = 0;

function make(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(key, String(value));
  }
  if (text !== null) node.textContent = text;
  return node;
}

function keepKeys(root) {
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  root.addEventListener("keydown", (event) => {
    const modified = event.ctrlKey || event.metaKey || event.altKey;
    const runCell = event.key === "Enter" && event.shiftKey;
    if (!modified && !runCell && event.key !== "Escape") event.stopPropagation();
  });
}

function radios(spec, id, model, body) {
  const group = make("div", { role: "radiogroup", class: "coursekit-choices", "aria-labelledby": `${id}-name` });
  const inputs = spec.options.map((text, i) => {
    const label = make("label", { class: "coursekit-choice" });
    const input = make("input", { type: "radio", name: `${id}-radio`, value: String(i) });
    input.addEventListener("change", () => {
      if (input.checked) {
        model.set("answer", i);
        model.save_changes();
      }
    });
    label.append(input, make("span", {}, text));
    group.append(label);
    return input;
  });
  body.append(group);
  return {
    inputs,
    show(state) {
      inputs.forEach((input, i) => (input.checked = state === i));
    },
  };
}

function checkboxes(spec, id, model, body) {
  const hint = make("p", { class: "coursekit-hint", id: `${id}-hint` }, spec.hint);
  const group = make("div", {
    role: "group",
    class: "coursekit-choices",
    "aria-labelledby": `${id}-name ${id}-hint`,
  });
  const inputs = spec.options.map((text) => {
    const label = make("label", { class: "coursekit-choice" });
    const input = make("input", { type: "checkbox" });
    input.addEventListener("change", () => {
      model.set(
        "answer",
        inputs.flatMap((box, i) => (box.checked ? [i] : [])),
      );
      model.save_changes();
    });
    label.append(input, make("span", {}, text));
    group.append(label);
    return input;
  });
  body.append(hint, group);
  return {
    inputs,
    show(state) {
      const on = new Set(Array.isArray(state) ? state : []);
      inputs.forEach((box, i) => (box.checked = on.has(i)));
    },
  };
}

function textbox(spec, id, model, body) {
  const row = make("div", { class: "coursekit-textrow" });
  const label = make("label", { for: `${id}-text`, class: "coursekit-label" }, spec.label);
  const multi = spec.kind === "textarea";
  const input = make(multi ? "textarea" : "input", {
    id: `${id}-text`,
    type: multi ? null : "text",
    rows: multi ? spec.rows : null,
    placeholder: spec.placeholder,
    inputmode: spec.inputmode,
    autocomplete: "off",
    spellcheck: multi ? "true" : "false",
    "aria-label": spec.name && spec.name !== spec.label ? spec.name : null,
  });
  const send = () => {
    if (model.get("answer") !== input.value) {
      model.set("answer", input.value);
      model.save_changes();
    }
  };
  input.addEventListener("change", send);
  input.addEventListener("keydown", (event) => {
    if (!multi && event.key === "Enter" && !event.shiftKey) send(); // commits the answer; Check checks it
  });
  row.append(label, input);
  if (spec.unit) row.append(make("span", { class: "coursekit-unit", "aria-hidden": "true" }, spec.unit));
  body.append(row);
  return {
    inputs: [input],
    show(state) {
      const text = typeof state === "string" ? state : "";
      if (input.value !== text) input.value = text;
    },
  };
}

function selects(spec, id, model, body) {
  const list = make("div", { class: "coursekit-selects" });
  const menus = spec.slots.map((slot, n) => {
    const row = make("div", { class: "coursekit-selectrow" });
    const label = make("label", { for: `${id}-sel${n}`, class: "coursekit-label" }, slot);
    const menu = make("select", { id: `${id}-sel${n}` });
    menu.append(make("option", { value: "" }, spec.blank));
    spec.options.forEach((text, i) => menu.append(make("option", { value: String(i) }, text)));
    menu.addEventListener("change", () => {
      model.set(
        "answer",
        menus.map((m) => (m.value === "" ? null : Number(m.value))),
      );
      model.save_changes();
    });
    row.append(label, menu);
    list.append(row);
    return menu;
  });
  body.append(list);
  return {
    inputs: menus,
    show(state) {
      menus.forEach((menu, n) => {
        const value = Array.isArray(state) ? state[n] : null;
        menu.value = value === null || value === undefined ? "" : String(value);
      });
    },
  };
}

const CONTROLS = { radio: radios, checkboxes, text: textbox, textarea: textbox, selects };

function render({ model, el }) {
  counter += 1;
  const id = `coursekit-q${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const spec = model.get("spec");
  const root = make("div", {
    class: "coursekit-question",
    role: "group",
    "aria-labelledby": `${id}-name`,
    tabindex: "-1",
  });
  keepKeys(root);
  const name = make("div", { id: `${id}-name`, class: "coursekit-prompt" });
  name.innerHTML = spec.heading_html + spec.prompt_html; // rendered and escaped by coursekit.quiz.render
  root.append(name);

  const button = spec.check
    ? make("button", { type: "button", class: "coursekit-check", title: spec.check.tooltip }, spec.check.label)
    : null;
  const check = button
    ? () => {
        // The answer goes with the click: ipywidgets may still hold back the last change.
        if (!button.disabled) model.send({ event: "check", answer: model.get("answer") });
      }
    : null;
  const body = make("div", { class: "coursekit-answer" });
  const control = CONTROLS[spec.input.kind](spec.input, id, model, body);
  root.append(body);
  if (button) {
    button.addEventListener("click", check);
    root.append(make("div", { class: "coursekit-actions" }));
    root.lastChild.append(button);
  }
  const feedback = make("div", {
    class: "coursekit-feedback",
    role: "status",
    "aria-live": "polite",
    tabindex: "-1",
  });
  root.append(feedback);
  el.append(root);

  const showState = () => control.show(model.get("answer"));
  const showFeedback = () => {
    feedback.innerHTML = model.get("feedback_html"); // built by coursekit from escaped text
    feedback.hidden = !feedback.innerHTML;
  };
  const keepFocus = () => {
    // After a Check: stay on the button, or (once it is locked) on the feedback just given.
    const active = document.activeElement;
    if (active && active !== root && root.contains(active) && !active.disabled) return;
    if (button && !button.disabled) button.focus();
    else if (!feedback.hidden) feedback.focus();
    else root.focus();
  };
  const showDisabled = () => {
    const off = model.get("disabled");
    const focused = root.contains(document.activeElement) && document.activeElement !== root;
    control.inputs.forEach((input) => (input.disabled = off));
    if (button) button.disabled = off;
    // A locked control loses the focus (to the page): keep it in the question at once,
    // not only when the kernel's focus_count comes, a moment later.
    if (off && focused && !root.contains(document.activeElement)) keepFocus();
  };
  showState();
  showFeedback();
  showDisabled();
  model.on("change:answer", showState);
  model.on("change:feedback_html", showFeedback);
  model.on("change:disabled", showDisabled);
  const afterCheck = () => {
    const active = document.activeElement;
    if (root.isConnected && (root.contains(active) || active === document.body || active === null)) keepFocus();
  };
  model.on("change:focus_count", afterCheck);
  return () => {
    model.off("change:answer", showState);
    model.off("change:focus_count", afterCheck);
    model.off("change:feedback_html", showFeedback);
    model.off("change:disabled", showDisabled);
  };
}

export { render };
