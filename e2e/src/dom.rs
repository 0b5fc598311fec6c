//! DOM queries by role and accessible name, through open shadow roots.
//!
//! The queries run as JavaScript in the page (`dom.js`); interactions go
//! through WebDriver on the element the script returns, so clicks and keys are
//! real input events, not synthetic `dispatchEvent`s.

use std::future::Future;
use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::{Element, ElementRef};
use serde_json::{json, Value};

use crate::{wait, Browser, Engine};

/// The query library, prepended to every script below.
const DOM_JS: &str = include_str!("dom.js");

/// The W3C WebDriver key under which scripts return element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long the interaction helpers wait for their element to appear: the
/// widget renders asynchronously after every step.
const FIND_TIMEOUT: Duration = Duration::from_secs(5);

impl Browser {
    async fn dom(&self, call: &str, args: Vec<Value>) -> Value {
        self.execute(&format!("{DOM_JS}\nreturn {call};"), args)
            .await
    }

    /// Whether a button named `name_contains` is on the page; `None` while no
    /// script can run because the page is being replaced (WebKit answers a click
    /// before the next page starts loading, and a script in between fails with
    /// "Callback was not called before the unload event").
    pub(crate) async fn button_on_page(&self, name_contains: &str) -> Option<bool> {
        let script = format!("{DOM_JS}\nreturn findByRole('button', arguments[0]) !== null;");
        let found = self
            .client
            .execute(&script, vec![json!(name_contains)])
            .await;
        found.ok().and_then(|value| value.as_bool())
    }

    /// The first visible element with `role` whose accessible name contains
    /// `name_contains` (case-sensitive; `""` matches any), in document and
    /// open-shadow-root order.
    ///
    /// Roles: `textbox` (text-like `input`, `textarea`), `button`, `heading`
    /// (`h1`–`h6`), `status` (also `output`), `link` (`a[href]`), and any
    /// explicit `role` attribute such as `alert`. The name is `aria-label`, else
    /// the `aria-labelledby` text, else the associated `<label>`, else the text.
    pub async fn find_by_role(&self, role: &str, name_contains: &str) -> Option<Element> {
        let script = format!("{DOM_JS}\nreturn findByRole(arguments[0], arguments[1]);");
        let found = self
            .client
            .execute(&script, vec![json!(role), json!(name_contains)])
            .await;
        match found {
            Ok(found) => self.element_from(&found),
            // Found, then replaced before the driver could hand it over (the widget
            // taking over from the instant form): not there yet.
            Err(error)
                if ["no longer attached", "stale"]
                    .iter()
                    .any(|said| error.to_string().to_lowercase().contains(said)) =>
            {
                None
            }
            Err(error) => panic!("finding {role} \"{name_contains}\": {error}"),
        }
    }

    /// The element a script returned, if it returned one.
    pub(crate) fn element_from(&self, returned: &Value) -> Option<Element> {
        let id = returned.get(ELEMENT_KEY)?.as_str()?;
        Some(Element::from_element_id(
            self.client.clone(),
            ElementRef::from(id.to_owned()),
        ))
    }

    /// Whether [`find_by_role`](Self::find_by_role) finds something now.
    pub async fn has_role(&self, role: &str, name_contains: &str) -> bool {
        self.find_by_role(role, name_contains).await.is_some()
    }

    /// Waits up to `timeout` for [`find_by_role`](Self::find_by_role) to find an element
    /// (of the running widget, not the loader's instant form, unless acting early).
    ///
    /// # Panics
    /// On timeout, listing the roles and names the page does show.
    pub async fn wait_for_role(
        &self,
        role: &str,
        name_contains: &str,
        timeout: Duration,
    ) -> Element {
        let what = format!("a {role} named \"{name_contains}\"");
        self.wait_until(timeout, &what, || self.has_role(role, name_contains))
            .await;
        // The loader's instant form shows the form's roles before the widget runs;
        // unless the test acts early, "there" means the widget's own element.
        if !self.early.get() {
            self.wait_for_widgets().await;
            self.wait_until(timeout, &what, || self.has_role(role, name_contains))
                .await;
        }
        self.find_by_role(role, name_contains)
            .await
            .unwrap_or_else(|| panic!("{what} appeared, then vanished"))
    }

    /// The text of the first visible element with `role` (a textbox's value),
    /// whitespace collapsed; `None` when there is none.
    pub async fn text_of_role(&self, role: &str) -> Option<String> {
        let text = self
            .dom("textOfRole(arguments[0])", vec![json!(role)])
            .await;
        text.as_str().map(str::to_owned)
    }

    /// Clicks the button whose name contains `name_contains`, once it exists
    /// and is enabled.
    ///
    /// # Panics
    /// When no such enabled button shows up within 5 s.
    pub async fn click_button(&self, name_contains: &str) {
        self.wait_for_widgets().await;
        let what = format!("an enabled button named \"{name_contains}\"");
        self.wait_until(FIND_TIMEOUT, &what, || async {
            self.has_role("button", name_contains).await
                && !self.button_disabled_now(name_contains).await
        })
        .await;
        let button = self
            .wait_for_role("button", name_contains, FIND_TIMEOUT)
            .await;
        self.click(&button, &what).await;
    }

    /// Clicks `element` as a person would: WebDriver's element click, or on WebKit a
    /// pointer press at the element's centre. WebKitWebDriver refuses an element
    /// click inside a shadow root ("element click intercepted": its hit test stops
    /// at the shadow host), while real pointer input reaches the element.
    pub async fn click(&self, element: &Element, what: &str) {
        let clicked = if self.engine() == Engine::WebKit && self.in_shadow_root(element).await {
            let press = MouseActions::new("mouse".to_owned())
                .then(PointerAction::MoveToElement {
                    element: element.clone(),
                    duration: None,
                    x: 0.0,
                    y: 0.0,
                })
                .then(PointerAction::Down {
                    button: MOUSE_BUTTON_LEFT,
                })
                .then(PointerAction::Up {
                    button: MOUSE_BUTTON_LEFT,
                });
            self.client.perform_actions(press).await
        } else {
            element.click().await
        };
        clicked.unwrap_or_else(|error| panic!("clicking {what}: {error}"));
    }

    /// Lets the interaction helpers act on the loader's instant form (`true`), as
    /// the instant-form tests do. By default they first wait until every widget
    /// runs: the widget replaces the instant form's nodes when it takes over, and a
    /// WebDriver reference to a replaced node is stale (a person's typing carries
    /// over; a test's element handle does not).
    pub fn act_before_the_widget_runs(&self, early: bool) {
        self.early.set(early);
    }

    /// Waits until every widget on the page runs: no instant form of the loader's is
    /// left (unless acting early, see
    /// [`act_before_the_widget_runs`](Self::act_before_the_widget_runs)).
    pub async fn wait_for_widgets(&self) {
        if self.early.get() {
            return;
        }
        let script = "const drawn = (root) => [...root.querySelectorAll('*')].some((el) =>
                        el.hasAttribute('data-mll-instant') || (el.shadowRoot && drawn(el.shadowRoot)));
                      return drawn(document);";
        self.wait_until(
            FIND_TIMEOUT,
            "the widgets to take over from the instant form",
            || async { self.client.execute(script, vec![]).await.ok() == Some(Value::Bool(false)) },
        )
        .await;
    }

    /// Whether `element` lives in a shadow root.
    async fn in_shadow_root(&self, element: &Element) -> bool {
        let element = serde_json::to_value(element).expect("an element reference");
        self.execute(
            "return arguments[0].getRootNode() instanceof ShadowRoot",
            vec![element],
        )
        .await
            == serde_json::Value::Bool(true)
    }

    /// Clicks the textbox whose name contains `name_contains` (focusing it as a
    /// person would) and types `text` with real key events. Appends to what the
    /// box holds; use [`Element::clear`] on [`find_by_role`](Self::find_by_role)
    /// first to replace.
    pub async fn type_into_textbox(&self, name_contains: &str, text: &str) {
        self.wait_for_widgets().await;
        let textbox = self
            .wait_for_role("textbox", name_contains, FIND_TIMEOUT)
            .await;
        self.click(&textbox, &format!("textbox \"{name_contains}\""))
            .await;
        textbox
            .send_keys(text)
            .await
            .unwrap_or_else(|error| panic!("typing into textbox \"{name_contains}\": {error}"));
    }

    /// Whether the button whose name contains `name_contains` is disabled
    /// (`disabled` or `aria-disabled="true"`).
    ///
    /// # Panics
    /// When no such button shows up within 5 s.
    pub async fn is_button_disabled(&self, name_contains: &str) -> bool {
        self.wait_for_role("button", name_contains, FIND_TIMEOUT)
            .await;
        self.button_disabled_now(name_contains).await
    }

    async fn button_disabled_now(&self, name_contains: &str) -> bool {
        let disabled = self
            .dom(
                "(el => el !== null && isDisabled(el))(findByRole('button', arguments[0]))",
                vec![json!(name_contains)],
            )
            .await;
        disabled.as_bool().unwrap_or(false)
    }

    /// The focused element as `tag "accessible name"` (e.g. `input "Email"`),
    /// looking into shadow roots; `body` when nothing is focused.
    pub async fn active_element_description(&self) -> String {
        let description = self.dom("describeActiveElement()", vec![]).await;
        description.as_str().unwrap_or("unknown").to_owned()
    }

    /// The page's visible text, shadow roots included, one line per block.
    pub async fn page_text(&self) -> String {
        let text = self.dom("pageText()", vec![]).await;
        text.as_str().unwrap_or_default().to_owned()
    }

    /// Every visible element that has a role, as `role "name"` lines (for
    /// diagnostics).
    pub async fn roles_summary(&self) -> String {
        let roles = self.dom("describeRoles()", vec![]).await;
        let lines: Vec<&str> = roles
            .as_array()
            .map(|roles| roles.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        lines.join("\n")
    }

    /// Polls `check` every 100 ms until it returns true.
    ///
    /// # Panics
    /// After `timeout`, naming `what` was awaited and showing the page's roles,
    /// text and console, so that a failure explains itself.
    pub async fn wait_until<F, Fut>(&self, timeout: Duration, what: &str, check: F)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = bool>,
    {
        if wait::poll_until(timeout, check).await {
            return;
        }
        let visibility = self
            .execute("return document.visibilityState", vec![])
            .await;
        panic!(
            "timed out after {timeout:?} waiting for {what} (the page is {visibility})\n\
             --- roles ---\n{}\n--- page text ---\n{}\n--- console ---\n{}",
            self.roles_summary().await,
            self.page_text().await,
            self.console_log().await.join("\n"),
        );
    }

    /// Waits until the page's visible text contains `needle`.
    pub async fn wait_for_text(&self, needle: &str, timeout: Duration) {
        let what = format!("the page to show \"{needle}\"");
        self.wait_until(timeout, &what, || async {
            self.page_text().await.contains(needle)
        })
        .await;
    }
}
