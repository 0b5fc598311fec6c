// The <magic-link-login> custom element. A small JS class because Rust cannot extend
// HTMLElement: it only decides where to render (its shadow root or, with `no-shadow`,
// the element itself) and when (connect, attribute change, disconnect). Rendering,
// state and clean-up are Rust's (`mount` returns a handle with `unmount()`).
// window.MagicLinkLogin (ready, mount) is the loader's: it exists before the wasm loads.

const TAG = 'magic-link-login';
// What rendering calls on `document` (Leptos's renderer, through web-sys, calls them
// as `document.createElement(…)`). An element named like one shadows it ("DOM
// clobbering": `<img name="createElement">` makes `document.createElement` that
// image), and rendering would stop half-way, leaving a form that cannot work.
const RENDERING_NEEDS = ['createElement', 'createTextNode', 'createComment'];

export function defineElement(attributes, mount) {
  // Another copy of the widget (another dist folder) may have defined it first.
  if (customElements.get(TAG)) return;
  // Every attribute (src/config.rs ATTRIBUTES, no-shadow included).
  const observed = [...attributes];

  class MagicLinkLoginElement extends HTMLElement {
    static get observedAttributes() {
      return observed;
    }

    constructor() {
      super();
      this._mounted = null;
      this._queued = false;
    }

    connectedCallback() {
      // Moved within one task: still mounted (the disconnect's clean-up was skipped).
      if (!this._mounted) this._render();
    }

    disconnectedCallback() {
      // After the current script: a move (remove, then insert elsewhere) keeps the
      // widget running; a removal stops its timer, polls, listeners and requests.
      queueMicrotask(() => {
        if (!this.isConnected) this._stop();
      });
    }

    attributeChangedCallback(name, previous, value) {
      if (previous === value) return;
      // The browser hides a nonce on insertion (the attribute turns "" and the value
      // moves to the `nonce` property): nothing changed.
      if (name === 'nonce' && value === '' && this.nonce) return;
      if (!this._mounted || this._queued) return;
      // Several attributes set in one script turn into one re-render; the widget's
      // state survives it through storage.
      this._queued = true;
      queueMicrotask(() => {
        this._queued = false;
        if (this.isConnected) this._render();
      });
    }

    _render() {
      // An attribute change re-renders: a widget that already handed over the tokens
      // stays signed in instead of offering the form again.
      const signedIn = !!this._mounted && this._mounted.signed_in();
      this._stop();
      const root = this._root();
      const shadowed = RENDERING_NEEDS.filter((name) => typeof document[name] !== 'function');
      if (shadowed.length) return refuse(root, shadowed);
      try {
        this._mounted = mount(this, root, signedIn);
      } catch (error) {
        console.error('magic-link-login: the widget failed to render', error);
      }
    }

    _root() {
      if (!this.hasAttribute('no-shadow')) {
        const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
        root.querySelector('slot[data-mll-light]')?.remove();
        return root;
      }
      // `no-shadow` set after a shadow root was attached (it cannot be removed): a
      // slot shows the light DOM through it.
      if (this.shadowRoot && !this.shadowRoot.querySelector('slot[data-mll-light]')) {
        const slot = Document.prototype.createElement.call(document, 'slot');
        slot.setAttribute('data-mll-light', '');
        this.shadowRoot.append(slot);
      }
      return this;
    }

    _stop() {
      const mounted = this._mounted;
      this._mounted = null;
      if (!mounted) return;
      try {
        mounted.unmount();
      } catch (error) {
        console.error('magic-link-login: clean-up failed', error);
      }
      mounted.free();
    }
  }

  customElements.define(TAG, MagicLinkLoginElement);
}

/** Says the widget cannot run here, in place of whatever `root` showed (the instant
 *  form), and tells the console which element is in the way. */
function refuse(root, shadowed) {
  const alert = Document.prototype.createElement.call(document, 'p');
  alert.setAttribute('role', 'alert');
  alert.setAttribute('part', 'error');
  alert.textContent = 'The sign-in form cannot run on this page.';
  root.replaceChildren(alert);
  const culprits = shadowed.map((name) => (document[name].outerHTML || name) + ' hides document.' + name);
  console.error('magic-link-login: ' + culprits.join(', ') + ': rename it');
}
