//! Taking over from the loader's instant form: the widget renders its own form where
//! the loader drew one, carrying over the typed address, the caret, focus and a Send
//! pressed before the WebAssembly arrived (`handover.js` does the DOM work).

use wasm_bindgen::prelude::*;
use web_sys::{Element, Node};

#[wasm_bindgen(module = "/src/browser/handover.js")]
extern "C" {
    /// Removes the instant form from `root`; the address typed into it, if it was one.
    pub fn begin(root: &Node) -> Option<String>;
    /// Restores caret and focus in the form just rendered into `container`, and
    /// submits it when the instant form's Send was pressed.
    pub fn finish(root: &Node, container: &Element);
}
