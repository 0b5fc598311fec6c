/*! magic-link-login loader: <script src=".../magic-link-login.js" defer></script>
 * Loads the widget's WebAssembly from next to this file (any folder, any origin),
 * defines <magic-link-login>, and mounts one where the script tag's data-* say so.
 * A classic script: no type="module" needed. Loading it twice does nothing more. */
(function () {
  'use strict';
  var TAG = 'magic-link-login';
  var GLUE = 'magic-link-widget.js';
  var WASM = 'magic-link-widget_bg.wasm';
  var EVENTS = ['sent', 'resent', 'authenticated', 'expired', 'error'];
  // The language files in lang/ (src/i18n/language_files.rs TAGS); English is built in.
  var LANGUAGES = ['ar', 'de', 'es', 'fr', 'ja', 'pt'];
  // The widget's attributes (src/config.rs ATTRIBUTES, checked by a host test):
  // options and data-* set nothing else, so a page cannot be tricked into an `onclick`.
  var ATTRIBUTES = ['client-id', 'api-base', 'resend-cooldown', 'poll-interval', 'link-ttl', 'request-timeout',
    'redirect-uri', 'lang', 'email', 'nonce', 'method', 'use-config', 'storage-key', 'texts', 'no-shadow'];
  // Subresource integrity: in release builds, scripts/minify.mjs writes here the
  // SHA-384 digest of each file the widget runs ({ 'magic-link-widget.js': 'sha384-…' }),
  // so that one changed where it is served (a CDN, a proxy, an origin that injected
  // markup pointed the loader to) fails to load instead of running. null: no checks.
  var DIGESTS = null;
  // The instant form: in release builds, scripts/minify.mjs writes here the widget's
  // stylesheet (style/widget.css) and the form's texts in every language of lang/
  // ({ css: '…', texts: { de: { lang, dir, form_title, email_label, send, send_code }, … } }).
  // null (debug builds): the WebAssembly draws the first frame.
  var INSTANT = null;
  // English is built into the widget (src/i18n/en.rs); e2e/tests/instant_form.rs
  // checks these words, and the markup, against what the widget renders.
  var ENGLISH = { lang: 'en', dir: 'ltr', form_title: 'Sign in with email', email_label: 'Email address', send: 'Send magic link', send_code: 'Send sign-in code' };
  // The stored snapshot as src/flow/snapshot.rs writes it (a host test holds these to it):
  // its version, and the steps after the form, which a reload shows instead of the form.
  var SNAPSHOT_VERSION = 1;
  var PAST_FORM_STEPS = ['waiting', 'expired', 'code', 'code_expired', 'cancelled'];
  // The attribute that marks the instant form's holder (src/browser/handover.rs).
  var HOLDER = 'data-mll-instant';
  var drawnCount = 0;
  // Markup can shadow `document`'s members: `<img name="currentScript" src="https://evil/">`
  // (or a form, embed, object or iframe with that name) makes `document.currentScript`
  // that element ("DOM clobbering"). So the loader reads `document` through
  // Document.prototype, which no element can reach: doc('readyState'), doc('querySelector', s).
  var DOC = Document.prototype;
  function doc(name, argument) {
    var member = Object.getOwnPropertyDescriptor(DOC, name);
    return member.get ? member.get.call(document) : member.value.call(document, argument);
  }
  var current = doc('currentScript');
  // Only a <script src> element: null when run as a module, by eval or from a bundle.
  var script = current instanceof HTMLScriptElement && current.src ? current : null;

  var failed = false;
  // The API is found under a symbol every copy of this file knows: an element can make
  // `window.MagicLinkLogin` a named global (`<form id="MagicLinkLogin">`, even with a
  // `ready` and a `mount` among its controls), but names only strings.
  var KEY = Symbol.for('magic-link-login');
  // Where a bundler put the widget's files, when it did: the npm package's module entry
  // (npm/files.js) sets { 'magic-link-widget.js': url, 'lang/de.json': url, … } here
  // before this file runs, since a bundle is not next to them and names them by hash.
  var BUNDLED = window[Symbol.for('magic-link-login:files')] || null;
  var api = window[KEY];
  if (!api) {
    var ready = load(BUNDLED ? BUNDLED[GLUE] : ownUrl()).then(function () {
      return api;
    });
    api = Object.freeze({ ready: ready, mount: mount });
    // Not writable, not deletable: a page's `MagicLinkLogin = …` keeps this one (and
    // throws in strict code); own properties of `window` also hide named elements.
    [KEY, 'MagicLinkLogin'].forEach(function (name) {
      try {
        Object.defineProperty(window, name, { value: api, writable: false, configurable: false, enumerable: name !== KEY });
      } catch (error) {
        // Only a script can make it fail (a non-configurable MagicLinkLogin of its own).
        console.error(error);
      }
    });
    // `ready` still rejects for whoever awaits it; this only keeps the failure from
    // going unreported (and from being an unhandled rejection).
    ready.catch(function (error) {
      failed = true;
      console.error(error);
      showFailure(doc('querySelectorAll', TAG));
    });
    drawInstantForms(ready);
  }
  // A second copy of this file uses the first one's API (and its mount).
  if (script) placeFromDataset(script, api.mount);

  /** The URL this file was loaded from. */
  function ownUrl() {
    if (script) return script.src;
    // Not a <script src> (a module imported it, or an eval): the stack names this file.
    try {
      throw new Error();
    } catch (error) {
      var lines = String(error.stack || '').split('\n');
      for (var i = 0; i < lines.length; i++) {
        var found = /((?:https?|file):\/\/[^\s()'"]+?)(?::\d+){1,2}\)?\s*$/.exec(lines[i]);
        if (found) return found[1];
      }
    }
    var tags = doc('querySelectorAll', 'script[src*="magic-link-login"]');
    return tags.length ? tags[tags.length - 1].src : null;
  }

  /** Imports the glue, instantiates the wasm (which defines the element). */
  function load(from) {
    if (!from) {
      return Promise.reject(
        new Error('magic-link-login: cannot tell where magic-link-login.js was loaded from; load it with <script src="…/magic-link-login.js">'),
      );
    }
    var base = new URL('.', from).href;
    // The wasm download starts with the glue's, not after it: one round trip fewer
    // before the widget runs. init() compiles the Response.
    // A bundler's files are the app's own build, served beside the bundle that carries
    // this loader: digests guard nothing more there, and a dev server rewrites modules.
    var digests = BUNDLED ? null : DIGESTS;
    var wasm = digests ? checked(WASM) : fetch(url(WASM), { credentials: 'same-origin' });
    wasm.catch(function () {}); // reported through init() below, not as unhandled
    // So are the language files the page already asks for.
    var language = languageSource(base);
    pageLanguages().forEach(language);
    // The module, checked against its digest before it runs (see `verified`).
    var module = digests ? verified(GLUE) : Promise.resolve();
    return module
      .then(function () {
        // In the chain, so that a browser without import() rejects instead of throwing.
        return import(url(GLUE));
      })
      .then(function (glue) {
        return glue.default({ module_or_path: wasm }).then(function () {
          glue.defineElement(language);
        });
      })
      .then(function () {
        if (!window.customElements.get(TAG)) throw new Error('the module did not define <' + TAG + '>');
      })
      .catch(function (cause) {
        var error = new Error(
          'magic-link-login: the widget could not be loaded from ' + base + ' (' + String((cause && cause.message) || cause) +
            '). Check that ' + GLUE + ' and ' + WASM + ' are served there (with Access-Control-Allow-Origin when that ' +
            "is another origin) and that the page's Content-Security-Policy allows script-src " + new URL(base).origin +
            " 'wasm-unsafe-eval'.",
        );
        error.cause = cause;
        throw error;
      });

    function url(file) {
      return fileUrl(file, base);
    }

    /**
     * Runs the module `file` from a <script type="module" integrity>: the browser
     * checks the digest before the module runs, and a document fetches a module
     * once, so the import() that follows gets these very bytes, under the page's CSP
     * as it is (importing a Blob URL would need `blob:` in its script-src). Not a
     * <link rel="modulepreload" integrity>: WebKit (Safari's engine, 2.50) loads a
     * preload whose digest does not match and runs the changed module. Not covered:
     * a module the document had loaded before this (its first fetch is the one that
     * counts). A release build bundles the glue's snippets into it: one file.
     */
    function verified(file) {
      return new Promise(function (resolve, reject) {
        var tag = doc('createElement', 'script');
        tag.type = 'module';
        tag.crossOrigin = 'anonymous';
        tag.integrity = digests[file];
        tag.nonce = (script && script.nonce) || '';
        tag.onload = resolve;
        tag.onerror = function () {
          refused(file)().catch(reject);
        };
        tag.src = url(file);
        doc('head').appendChild(tag);
      });
    }

    /** `file`'s Response, fetched with its digest. */
    function checked(file) {
      return fetch(url(file), { credentials: 'same-origin', integrity: digests[file] }).catch(refused(file));
    }

    /** A failed `file`'s rejection, saying why (a failed fetch or <link> does not). */
    function refused(file) {
      return function () {
        // Fetched again without the digest: a file that arrives was changed, one that
        // does not is missing or blocked.
        return fetch(url(file), { credentials: 'same-origin' })
          .then(
            function (response) {
              return response.ok
                ? ' does not match the SHA-384 digest of its build (changed since?)'
                : ': HTTP ' + response.status;
            },
            function (error) {
              return ': ' + error.message;
            },
          )
          .then(function (why) {
            throw new Error(file + why);
          });
      };
    }
  }

  /** The URL of the widget's `file`: where the bundler put it, else next to this file. */
  function fileUrl(file, base) {
    return BUNDLED && BUNDLED[file] ? BUNDLED[file] : new URL(file, base).href;
  }

  /**
   * language(tag): a Promise of lang/<tag>.json's contents, or of null for English,
   * a language without a file, or a file that cannot be had (the widget then speaks
   * English). Each file is fetched once.
   */
  function languageSource(base) {
    var files = {};
    return function (tag) {
      var primary = String(tag || '').split(/[-_]/)[0].toLowerCase();
      if (LANGUAGES.indexOf(primary) < 0) return Promise.resolve(null);
      if (!files[primary]) {
        files[primary] = fetch(fileUrl('lang/' + primary + '.json', base), { credentials: 'same-origin' })
          .then(function (response) {
            if (!response.ok) throw new Error('HTTP ' + response.status);
            return response.json();
          })
          .catch(function (error) {
            console.warn('magic-link-login: lang/' + primary + '.json could not be loaded (' + error.message + '); using English');
            return null;
          });
      }
      return files[primary];
    };
  }

  /** The languages the page asks for now: its own, this tag's data-lang, each widget's lang. */
  function pageLanguages() {
    var tags = [doc('documentElement').lang];
    if (script) tags.push(script.getAttribute('data-lang'));
    var widgets = doc('querySelectorAll', TAG + '[lang]');
    for (var i = 0; i < widgets.length; i++) tags.push(widgets[i].getAttribute('lang'));
    return tags;
  }

  /** A sentence in place of widgets that will never render (never a blank box). */
  function showFailure(elements) {
    if (window.customElements && window.customElements.get(TAG)) return;
    for (var i = 0; i < elements.length; i++) {
      var alert = doc('createElement', 'p');
      alert.setAttribute('role', 'alert');
      alert.textContent = 'The sign-in form could not be loaded. Please check your connection and reload the page.';
      var drawn = instantOf(elements[i]);
      if (drawn) {
        // In the instant form's place, in its style: no Send that pretends to work.
        alert.className = 'mll-error';
        alert.setAttribute('part', 'error');
        drawn.holder.replaceChildren(tree('div', { class: 'mll', part: 'container' }, [alert]));
        // No longer an instant form: nothing is waiting to take it over.
        drawn.holder.removeAttribute(HOLDER);
      } else {
        elements[i].replaceChildren(alert);
      }
    }
  }

  // ---- The instant form ------------------------------------------------------------
  // Drawn at once into every <magic-link-login> while the WebAssembly downloads: the
  // form step with the markup, classes and texts of src/views/form.rs, so a person
  // can focus, type and press Send. A Send is kept (the field turns read-only, the
  // button disabled, as while sending) and the widget sends it when it runs
  // (src/browser/handover.rs takes over the value, caret, focus and that Send). A
  // widget whose stored step is past the form gets an empty box of the height it had.

  /** Draws the instant form into the widgets there are and come until `ready` settles. */
  function drawInstantForms(ready) {
    if (!INSTANT || !window.MutationObserver) return;
    var drawAll = function () {
      var found = doc('querySelectorAll', TAG);
      for (var i = 0; i < found.length; i++) drawInstant(found[i]);
    };
    var observer = new MutationObserver(drawAll);
    var start = function () {
      drawAll();
      observer.observe(doc('documentElement'), { childList: true, subtree: true });
    };
    if (doc('readyState') === 'loading') DOC.addEventListener.call(document, 'DOMContentLoaded', start);
    else start();
    var stop = function () {
      observer.disconnect();
    };
    ready.then(stop, stop);
    window.addEventListener('pagehide', rememberHeights);
  }

  /** The instant form (or placeholder) drawn into `element`, if there is one. */
  function instantOf(element) {
    var root = element.shadowRoot || element;
    // Not `:scope >`: in a shadow root it matches nothing.
    for (var child = root.firstElementChild; child; child = child.nextElementSibling) {
      if (child.hasAttribute(HOLDER)) return { root: root, holder: child };
    }
    return null;
  }

  function drawInstant(element) {
    if (!INSTANT || failed || element.localName !== TAG || !element.isConnected) return;
    if (window.customElements.get(TAG) || instantOf(element)) return;
    var shadow = !element.hasAttribute('no-shadow');
    if (shadow && element.shadowRoot) return; // someone else's shadow root
    var root = shadow ? element.attachShadow({ mode: 'open' }) : element;
    var style = tree('style', {}, INSTANT.css);
    if (element.nonce) style.setAttribute('nonce', element.nonce);
    var stored = storedStep(element);
    var holder = tree('div', {});
    holder.setAttribute(HOLDER, stored.pastForm ? 'placeholder' : 'form');
    if (stored.pastForm) {
      holder.appendChild(tree('div', { class: 'mll', part: 'container', 'aria-busy': 'true' }));
      // CSSOM, not a style attribute: allowed under a strict style-src.
      if (stored.height > 0) holder.style.minHeight = stored.height + 'px';
    } else {
      holder.appendChild(formFor(element, stored.email));
    }
    root.append(style, holder);
  }

  /** The form step's markup (src/views/form.rs and widget.rs) for `element`. */
  function formFor(element, storedEmail) {
    var texts = textsFor(element);
    var n = ++drawnCount;
    var ids = { email: 'mlli' + n + '-email', error: 'mlli' + n + '-error', countdown: 'mlli' + n + '-countdown' };
    var input = tree('input', {
      class: 'mll-input', part: 'input', id: ids.email, type: 'text', name: 'email', autocomplete: 'email',
      inputmode: 'email', spellcheck: 'false', autocapitalize: 'off', maxlength: '320', 'data-autofocus': '',
      'aria-invalid': 'false', 'aria-describedby': ids.error,
    });
    input.value = storedEmail || element.getAttribute('email') || '';
    var send = primaryMethod(element) === 'code' ? texts.send_code : texts.send;
    var button = tree('button', { class: 'mll-button', part: 'button', type: 'submit', 'aria-describedby': ids.countdown }, send);
    var form = tree('form', { class: 'mll-form', part: 'form', novalidate: '' }, [
      tree('h2', { class: 'mll-title', tabindex: '-1' }, texts.form_title),
      tree('label', { class: 'mll-label', part: 'label', for: ids.email }, texts.email_label),
      input,
      tree('div', { class: 'mll-actions' }, [button, tree('span', { class: 'mll-countdown', part: 'countdown', id: ids.countdown })]),
    ]);
    form.addEventListener('submit', function (event) {
      // Never the plain form's navigation; kept for the widget instead.
      event.preventDefault();
      if (failed) return;
      form.parentNode.parentNode.setAttribute('data-mll-submitted', '');
      input.readOnly = true;
      button.disabled = true;
    });
    return tree('div', { class: 'mll', part: 'container', lang: texts.lang, dir: texts.dir === 'rtl' ? 'rtl' : 'ltr' }, [
      form,
      tree('p', { class: 'mll-error', part: 'error', role: 'alert', id: ids.error }),
      tree('p', { class: 'mll-status', part: 'status', role: 'status' }),
    ]);
  }

  /** The form's texts in `element`'s language, with its `texts` overrides. */
  function textsFor(element) {
    var tag = element.getAttribute('lang') || doc('documentElement').lang || 'en';
    var primary = tag.split(/[-_]/)[0].toLowerCase();
    var base = INSTANT.texts[primary] || ENGLISH;
    var texts = { lang: base.lang, dir: base.dir, form_title: base.form_title, email_label: base.email_label, send: base.send, send_code: base.send_code };
    var overrides = element.getAttribute('texts');
    if (overrides) {
      try {
        var parsed = JSON.parse(overrides);
        ['form_title', 'email_label', 'send', 'send_code'].forEach(function (key) {
          if (parsed && typeof parsed[key] === 'string') texts[key] = parsed[key];
        });
      } catch (error) {
        // The widget reports a malformed `texts`; the form keeps its language.
      }
    }
    return texts;
  }

  /** The first known word of `method` (src/flow/method.rs Methods::parse). */
  function primaryMethod(element) {
    var words = (element.getAttribute('method') || '').split(/[ \t\n\f\r]+/);
    for (var i = 0; i < words.length; i++) if (words[i] === 'link' || words[i] === 'code') return words[i];
    return 'link';
  }

  /** `element`'s storage key: src/flow/snapshot.rs storage_key. */
  function storageKey(element) {
    var extra = element.getAttribute('storage-key');
    return 'magic-link-login:' + (element.getAttribute('client-id') || '') + (extra ? ':' + extra : '');
  }

  /** What `element`'s stored snapshot says: past the form (and the height it had), or the form's address. */
  function storedStep(element) {
    var found = { pastForm: false, height: 0, email: '' };
    try {
      var key = storageKey(element);
      var snapshot = JSON.parse(window.sessionStorage.getItem(key) || 'null');
      if (!snapshot || snapshot.v !== SNAPSHOT_VERSION || typeof snapshot.email !== 'string') return found;
      found.pastForm = PAST_FORM_STEPS.indexOf(snapshot.step) >= 0;
      if (snapshot.step === 'form') found.email = snapshot.email;
      found.height = Number(window.sessionStorage.getItem(key + ':height')) || 0;
    } catch (error) {
      // Blocked or corrupt storage: the form, as the widget would show it.
    }
    return found;
  }

  /** On leaving, each widget past its form notes its height, for the next placeholder. */
  function rememberHeights() {
    var found = doc('querySelectorAll', TAG);
    for (var i = 0; i < found.length; i++) {
      try {
        var key = storageKey(found[i]);
        if (window.sessionStorage.getItem(key) === null) window.sessionStorage.removeItem(key + ':height');
        else window.sessionStorage.setItem(key + ':height', String(Math.round(heightAfterReload(found[i]))));
      } catch (error) {
        // No storage: no remembered height.
      }
    }
  }

  /**
   * `element`'s height without the live announcement, which a restored step does not
   * repeat (it would be announced again): the height it has after a reload.
   */
  function heightAfterReload(element) {
    var height = element.getBoundingClientRect().height;
    var status = (element.shadowRoot || element).querySelector('.mll-status');
    var before = status && status.previousElementSibling;
    if (status && before && status.textContent) {
      height -= status.getBoundingClientRect().bottom - before.getBoundingClientRect().bottom;
    }
    return height;
  }

  /** An element with attributes and children (text, or an array of nodes). */
  function tree(name, attributes, children) {
    var node = doc('createElement', name);
    Object.keys(attributes).forEach(function (attribute) {
      node.setAttribute(attribute, attributes[attribute]);
    });
    if (typeof children === 'string') node.textContent = children;
    else if (children) node.append.apply(node, children);
    return node;
  }

  function kebab(name) {
    return name.replace(/[A-Z]/g, function (c) {
      return '-' + c.toLowerCase();
    });
  }

  /**
   * MagicLinkLogin.mount(target, options): renders a widget into `target` (an element
   * or a CSS selector; a <magic-link-login> itself is configured in place).
   * camelCase options become attributes (clientId → client-id; true → present,
   * false/null → absent); onSent, onAuthenticated, … listen to magic-link-sent, … and
   * receive (detail, event). Returns { element, unmount() }.
   */
  function mount(target, options) {
    var where = typeof target === 'string' ? doc('querySelector', target) : target;
    if (!where || where.nodeType !== 1) {
      throw new TypeError(
        'MagicLinkLogin.mount: ' +
          (typeof target === 'string' ? 'no element matches ' + target : 'the target must be an element or a CSS selector'),
      );
    }
    var element = where.localName === TAG ? where : doc('createElement', TAG);
    var listeners = configure(element, options || {});
    // Attributes first: a new element renders once, with all of them.
    if (element !== where) where.appendChild(element);
    if (failed) showFailure([element]);
    else drawInstant(element);
    var mounted = true;
    return {
      element: element,
      unmount: function () {
        if (!mounted) return;
        mounted = false;
        listeners.forEach(function (pair) {
          element.removeEventListener(pair[0], pair[1]);
        });
        // Disconnected, the element stops everything it started.
        element.remove();
      },
    };
  }

  /** Sets the options' attributes and listeners on `element`; returns the listeners. */
  function configure(element, options) {
    var listeners = [];
    Object.keys(options).forEach(function (key) {
      var value = options[key];
      if (/^on[A-Z]/.test(key)) {
        var event = key.slice(2).toLowerCase();
        if (EVENTS.indexOf(event) < 0) {
          console.warn('MagicLinkLogin.mount: unknown callback ' + key + ' (known: onSent, onResent, onAuthenticated, onExpired, onError)');
        }
        if (typeof value !== 'function') return;
        var listener = function (e) {
          value.call(element, e.detail, e);
        };
        element.addEventListener('magic-link-' + event, listener);
        listeners.push(['magic-link-' + event, listener]);
        return;
      }
      var name = kebab(key);
      if (ATTRIBUTES.indexOf(name) < 0) {
        console.warn('MagicLinkLogin: unknown option ' + key + ' (ignored)');
        return;
      }
      if (value == null || value === false) element.removeAttribute(name);
      else element.setAttribute(name, value === true ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
    });
    return listeners;
  }

  /** <script data-client-id="…" data-target="#login">: a widget with those attributes. */
  function placeFromDataset(tag, mountWith) {
    var data = tag.dataset;
    if (data.clientId === undefined && data.target === undefined) return;
    var options = {};
    Object.keys(data).forEach(function (key) {
      if (key !== 'target') options[key] = data[key];
    });
    // The page's nonce for the widget's <style>: data-nonce, else this tag's own.
    if (options.nonce === undefined && tag.nonce) options.nonce = tag.nonce;
    var place = function () {
      if (data.target === undefined) {
        if (tag.closest('head')) {
          console.error('magic-link-login: the script tag is in <head>; add data-target="<selector>" to say where the widget goes');
          return;
        }
        var element = doc('createElement', TAG);
        configure(element, options);
        tag.insertAdjacentElement('afterend', element);
        return;
      }
      var target = null;
      try {
        target = doc('querySelector', data.target);
      } catch (error) {
        // An invalid selector: reported below like one that matches nothing.
      }
      if (!target) {
        console.error('magic-link-login: data-target="' + data.target + '" matches no element; the widget is not mounted');
        return;
      }
      // The same tag twice (or a target filled already): one widget.
      if (target.localName !== TAG && target.querySelector(':scope > ' + TAG)) return;
      mountWith(target, options);
    };
    if (doc('readyState') === 'loading') DOC.addEventListener.call(document, 'DOMContentLoaded', place);
    else place();
  }
})();
