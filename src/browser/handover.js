// Taking over from the loader's instant form (loader/magic-link-login.js): the form a
// person may have typed into, or pressed Send on, before the WebAssembly arrived.
// src/browser/handover.rs calls `begin` right before the widget renders its own form
// into the same place, in the same task, and `finish` right after; the person
// notices nothing. Plain DOM work, so it lives here and not in the wasm.

const HOLDER = 'data-mll-instant';
const pending = new WeakMap();

/**
 * Removes the instant form (or placeholder) the loader drew into `root` and the
 * style before it; returns the address typed into it, or undefined when the loader
 * drew no form there (a debug build, a Rust app, a second render).
 */
export function begin(root) {
  let holder = null;
  for (let child = root.firstElementChild; child; child = child.nextElementSibling) {
    if (child.hasAttribute(HOLDER)) holder = child;
  }
  if (!holder) return undefined;
  const input = holder.querySelector('input.mll-input');
  const active = root instanceof ShadowRoot ? root.activeElement : document.activeElement;
  if (input) {
    pending.set(root, {
      email: input.value,
      // Text inputs expose the caret (the reason the field is type="text").
      selection: [input.selectionStart, input.selectionEnd, input.selectionDirection],
      focused: active === input ? 'input' : active && active === holder.querySelector('button') ? 'button' : null,
      submitted: holder.hasAttribute('data-mll-submitted'),
    });
  }
  if (holder.previousElementSibling?.localName === 'style') holder.previousElementSibling.remove();
  holder.remove();
  return input ? input.value : undefined;
}

/**
 * Gives the widget's form, just rendered into `container`, the caret and focus the
 * instant form had, and sends a Send pressed before the widget ran (one request:
 * the instant form only kept it). After the view's first effects, before the next
 * paint.
 */
export function finish(root, container) {
  const held = pending.get(root);
  pending.delete(root);
  if (!held) return;
  queueMicrotask(() => {
    const input = container.querySelector('input.mll-input');
    if (!input) return; // not on the form: a stored step came first
    const target = held.focused === 'button' ? container.querySelector('button.mll-button') : input;
    if (held.focused) target.focus({ preventScroll: true });
    const [start, end, direction] = held.selection;
    if (start !== null && end !== null) input.setSelectionRange(start, end, direction || 'none');
    if (held.submitted && input.form) input.form.requestSubmit();
  });
}
