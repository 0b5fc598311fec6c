//! Registration of `<magic-link-login>`: the JS class in `element.js` calls
//! [`mount_element`] on connect and [`Mounted::unmount`] on disconnect.

use crate::branding::Branding;
use crate::browser::{branding, handover, languages};
use crate::config::{Settings, ATTRIBUTES};
use crate::error::Failure;
use crate::i18n::language_files::is_missing;
use crate::i18n::overrides::with_overrides;
use crate::i18n::{primary_subtag, texts_for, Texts};
use crate::views::MagicLinkLogin;
use leptos::prelude::*;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, Node};

/// The widget's styles, built in (from `style/widget.css`).
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

#[wasm_bindgen(module = "/src/browser/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(attributes: js_sys::Array, mount: &JsValue);
}

/// Defines the custom element (once; later calls do nothing). `load_language` is
/// the loader's `(tag) => Promise<language file | null>`; without it, widgets speak
/// English.
pub fn register(load_language: Option<js_sys::Function>) {
    languages::set_source(load_language);
    let attributes: js_sys::Array = ATTRIBUTES.iter().map(|a| JsValue::from_str(a)).collect();
    let mount = Closure::<dyn Fn(HtmlElement, Node, bool) -> Mounted>::new(mount_element);
    define_element(attributes, mount.as_ref());
    // The element class keeps calling this for the life of the page.
    mount.forget();
}

/// A widget rendered into an element; [`Mounted::unmount`] removes it and stops
/// everything it started.
#[wasm_bindgen]
pub struct Mounted {
    /// Leptos's mounted view (unmounts on drop), filled when the widget renders: at
    /// once, or once its language file (and `use-config`'s branding) is in.
    view: Rc<RefCell<Option<Box<dyn Any>>>>,
    nodes: Vec<Element>,
    /// Set by the widget's `on_authenticated`.
    signed_in: Rc<Cell<bool>>,
    /// Cleared on unmount, so a language file or branding arriving later renders
    /// nothing.
    alive: Rc<Cell<bool>>,
}

#[wasm_bindgen]
impl Mounted {
    /// Whether this widget has handed over the tokens (a re-render keeps that step).
    pub fn signed_in(&self) -> bool {
        self.signed_in.get()
    }

    /// Unmounts the widget: its timer, listeners and requests stop, its nodes go.
    pub fn unmount(&mut self) {
        self.alive.set(false);
        self.view.borrow_mut().take();
        for node in self.nodes.drain(..) {
            node.remove();
        }
    }
}

/// Renders a widget for `host` (reading its attributes) into `root`: its shadow
/// root, or the element itself with `no-shadow`.
///
/// `signed_in`: the widget this one replaces (an attribute changed) had signed in.
pub fn mount_element(host: HtmlElement, root: Node, signed_in: bool) -> Mounted {
    let mut mounted = Mounted {
        view: Rc::default(),
        nodes: Vec::new(),
        signed_in: Rc::new(Cell::new(signed_in)),
        alive: Rc::new(Cell::new(true)),
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return mounted;
    };
    let (Ok(style), Ok(mount_point)) = (
        document.create_element("style"),
        document.create_element("div"),
    ) else {
        return mounted;
    };
    // Under a CSP sent as a header, the browser hides the nonce: the attribute reads
    // "" and the value lives on in the `nonce` property.
    let nonce = host.nonce();
    if !nonce.is_empty() {
        let _ = style.set_attribute("nonce", &nonce);
    }
    style.set_text_content(Some(CSS));
    let _ = root.append_child(&style);
    let _ = root.append_child(&mount_point);

    let (mut settings, config_problem) = Settings::read(|name| host.get_attribute(name));
    if settings.lang.is_none() {
        settings.lang = document
            .document_element()
            .and_then(|html| html.get_attribute("lang"));
    }
    mounted.nodes = vec![style, mount_point.clone()];
    let mounted_view = mounted.view.clone();
    let signed_in_flag = mounted.signed_in.clone();
    let lang = settings.lang.clone();
    // `use-config`: the branding kept this session is there at once (a re-render,
    // a reload); otherwise it is fetched before the widget renders.
    let wants_branding = settings.use_config && config_problem.is_none();
    let kept = wants_branding
        .then(|| branding::cached(&settings))
        .flatten();
    let fetch_branding = (wants_branding && kept.is_none()).then(|| settings.clone());
    let render = move |branding: Option<Result<Branding, Failure>>| {
        // In the same task as the widget's own form appears: nothing flashes or moves.
        if let Some(typed) = handover::begin(&root) {
            // The widget's field starts with what was typed into the instant form.
            settings.email = Some(typed);
        }
        let form_root = mount_point.clone();
        let (branding, startup_notice) = match branding {
            Some(Ok(branding)) => (Some(branding), None),
            Some(Err(failure)) => (None, Some(failure)),
            None => (None, None),
        };
        let language = texts_for(settings.lang.as_deref());
        // The config's texts sit between the language's and the element's own.
        let configured = branding
            .as_ref()
            .and_then(|b| b.texts_for(texts_language(settings.lang.as_deref(), language)));
        let texts = [configured, host.get_attribute("texts")]
            .into_iter()
            .flatten()
            .fold(language, |texts, json| with_overrides(texts, &json));
        let events_target: web_sys::EventTarget = host.into();
        let view = leptos::mount::mount_to(mount_point.unchecked_into(), move || {
            // Created under the mount's owner, so it goes with the view.
            let remember = move |_| signed_in_flag.set(true);
            view! {
                <MagicLinkLogin
                    settings=settings
                    config_problem=config_problem
                    texts=texts
                    events_target=events_target
                    signed_in=signed_in
                    on_authenticated=remember
                    branding=branding
                    startup_notice=startup_notice
                />
            }
        });
        *mounted_view.borrow_mut() = Some(Box::new(view));
        handover::finish(&root, &form_root);
    };
    let wait_for_language = is_missing(lang.as_deref()) && languages::has_source();
    if wait_for_language || fetch_branding.is_some() {
        // The loader started the language file's download with the wasm's: usually it
        // is in. Meanwhile the loader's instant form stays in place, and typeable.
        // (wasm-bindgen-futures: Leptos's executor starts with the first mount.)
        let alive = mounted.alive.clone();
        let tag = primary_subtag(lang.as_deref().unwrap_or_default()).to_owned();
        wasm_bindgen_futures::spawn_local(async move {
            // One after the other: the language file is usually in already (the
            // loader fetched it with the wasm), and waiting for both at once would
            // cost more code than it saves time.
            if wait_for_language {
                languages::load(&tag).await;
            }
            let branding = match &fetch_branding {
                Some(settings) => Some(branding::load(settings).await),
                None => kept.map(Ok),
            };
            if alive.get() {
                render(branding);
            }
        });
    } else {
        render(kept.map(Ok));
    }
    mounted
}

/// The language to take the config's texts in: the one the widget's table speaks,
/// as precisely as the page says it (`fr-CA` for a French table), so that the
/// config's words never mix with another language's.
fn texts_language<'a>(page: Option<&'a str>, table: &'static Texts) -> &'a str {
    page.filter(|tag| primary_subtag(tag).eq_ignore_ascii_case(table.lang))
        .unwrap_or(table.lang)
}
