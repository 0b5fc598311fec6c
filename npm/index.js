// The entry bundlers take (`import 'magic-link-widget'` in Vite, webpack, Parcel):
// files.js tells the loader where the bundler put the module, the wasm and the
// language files; the loader then defines <magic-link-login> and
// window.MagicLinkLogin exactly as on a page with the script tag.
import './files.js';
import './magic-link-login.js';
