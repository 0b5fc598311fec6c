// The <magic-link-login> custom element and window.MagicLinkLogin.mount().
// A small JS class because Rust cannot extend HTMLElement: it only decides where to
// render (shadow root or, with `no-shadow`, the element itself) and when (connect,
// attribute change, disconnect). Rendering, state and clean-up are Rust's.

const TAG = 'magic-link-login';

function kebab(name) {
  return name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** Mounts a widget into `target` with camelCase options; returns `{ element, unmount }`. */
function mountInto(target, options = {}) {
  const element = document.createElement(TAG);
  for (const [key, value] of Object.entries(options)) {
    if (value == null || value === false) continue;
    if (typeof value === 'function' && /^on[A-Z]/.test(key)) {
      element.addEventListener('magic-link' + kebab(key.slice(2)), value);
    } else {
      const text = typeof value === 'object' ? JSON.stringify(value) : value === true ? '' : String(value);
      element.setAttribute(kebab(key), text);
    }
  }
  target.appendChild(element);
  return { element, unmount: () => element.remove() };
}

export function defineElement(attributes, mount) {
  const api = (window.MagicLinkLogin = window.MagicLinkLogin || {});
  api.mount = mountInto;
  if (customElements.get(TAG)) return;

  customElements.define(
    TAG,
    class MagicLinkLoginElement extends HTMLElement {
      static get observedAttributes() {
        return attributes.concat(['no-shadow']);
      }

      connectedCallback() {
        this._render();
      }

      disconnectedCallback() {
        this._stop();
      }

      attributeChangedCallback() {
        // Several attributes set in one script turn into one re-render.
        if (!this._mounted || this._queued) return;
        this._queued = true;
        queueMicrotask(() => {
          this._queued = false;
          if (this.isConnected) this._render();
        });
      }

      _render() {
        this._stop();
        const root = this.hasAttribute('no-shadow')
          ? this
          : this.shadowRoot || this.attachShadow({ mode: 'open' });
        this._mounted = mount(this, root);
      }

      _stop() {
        if (this._mounted) {
          this._mounted.unmount();
          this._mounted = null;
        }
      }
    },
  );
}
