/*! magic-link-login loader: <script src=".../magic-link-login.js" defer></script>
 * Loads the widget's WebAssembly from next to this file (any folder, any origin),
 * defines <magic-link-login>, and mounts one where the script tag's data-* say so.
 * A classic script: no type="module" needed. Loading it twice does nothing more. */
(function () {
  'use strict';
  var script = document.currentScript;
  var api = (window.MagicLinkLogin = window.MagicLinkLogin || {});
  if (!api.ready) {
    var base = new URL('.', script ? script.src : location.href);
    var url = function (name) {
      return new URL(name, base).href;
    };
    api.ready = import(url('magic-link-widget.js'))
      .then(function (glue) {
        return glue.default({ module_or_path: url('magic-link-widget_bg.wasm') });
      })
      .then(function () {
        return customElements.whenDefined('magic-link-login');
      })
      .then(function () {
        return window.MagicLinkLogin;
      });
  }
  if (!script) return;

  // <script data-client-id="…" data-target="#login">: every data-* but data-target
  // becomes the attribute of the same name on a new element.
  var data = script.dataset;
  var options = Object.keys(data).filter(function (key) {
    return key !== 'target';
  });
  if (!options.length && !data.target) return;
  var place = function () {
    var element = document.createElement('magic-link-login');
    options.forEach(function (key) {
      element.setAttribute(key.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); }), data[key]);
    });
    var target = data.target && document.querySelector(data.target);
    if (target) target.appendChild(element);
    else script.insertAdjacentElement('afterend', element);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', place);
  else place();
})();
