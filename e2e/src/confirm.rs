//! Confirming a magic link as a person does: in a new tab, answering what the
//! confirm page asks.

use std::future::Future;
use std::time::Duration;

use hyper::Method;
use serde_json::Value;

use crate::browser::Browser;
use crate::devapi::OutboxMessage;
use crate::http;

impl Browser {
    /// Opens `link` in a new tab, confirms the sign-in, checks that the page then
    /// says "Successfully verified", closes the tab and returns to the original
    /// one — what a person does with the e-mail. The original page is hidden
    /// meanwhile, as in a real browser.
    ///
    /// Confirming is what the page asks for: with number matching (devapi's
    /// default) the button of the number the sign-in page shows, taken from the
    /// link's message in devapi's outbox (the honest source: the confirm page
    /// itself never tells which number is right); without it, "Confirm sign-in".
    ///
    /// # Panics
    /// When the resulting page does not say "Successfully verified".
    pub async fn confirm_link_in_new_tab(&self, link: &str) {
        let text = self.try_confirm_link_in_new_tab(link).await;
        // The wording of the contract's verify page (and of devapi's).
        assert!(
            text.contains("Successfully verified"),
            "confirming {link} did not verify the sign-in; the page said:\n{text}"
        );
    }

    /// Like [`confirm_link_in_new_tab`](Self::confirm_link_in_new_tab) without the
    /// verdict: returns the visible text of the page the link ends on (after the
    /// right number or the confirm button, when there is one), e.g. to check an
    /// expired link's page.
    pub async fn try_confirm_link_in_new_tab(&self, link: &str) -> String {
        let code = match_code_for(link).await;
        self.in_new_tab(link, move || async move {
            let button = match code {
                Some(code) => code,
                None => CONFIRM_BUTTON.to_owned(),
            };
            if self.find_by_role("button", &button).await.is_some() {
                self.submit_with(&button).await;
            }
        })
        .await
    }

    /// Opens `link` in a new tab and picks a number other than the one the
    /// sign-in page shows (what a person does who did not start this sign-in);
    /// returns the visible text of the page that follows ("Sign-in cancelled").
    ///
    /// # Panics
    /// When the link's outbox message has no number (devapi runs with
    /// `--no-number-matching`) or the page offers no other number.
    pub async fn pick_wrong_number_in_new_tab(&self, link: &str) -> String {
        let code = match_code_for(link)
            .await
            .unwrap_or_else(|| panic!("{link} has no number to match in devapi's outbox"));
        self.in_new_tab(link, move || async move {
            let offered = self
                .execute(
                    "return [...document.querySelectorAll('button[name=\"match_code\"]')]\
                     .map((button) => button.value)",
                    vec![],
                )
                .await;
            let wrong = offered
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .find(|number| *number != code)
                .unwrap_or_else(|| panic!("the confirm page offers no wrong number: {offered}"))
                .to_owned();
            self.submit_with(&wrong).await;
        })
        .await
    }

    /// Opens `link` in a new tab, runs `act` there, and returns the tab's visible
    /// text after it, back on the original tab.
    async fn in_new_tab<F, Fut>(&self, link: &str, act: F) -> String
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = ()>,
    {
        let original = self.client.window().await.expect("current window");
        let tab = self.client.new_window(true).await.expect("open a tab");
        self.client
            .switch_to_window(tab.handle)
            .await
            .expect("switch to the new tab");
        self.goto(link).await;
        act().await;
        let text = self.page_text().await;
        self.client.close_window().await.expect("close the tab");
        self.client
            .switch_to_window(original)
            .await
            .expect("switch back to the original tab");
        self.look_at_the_tab_again().await;
        text
    }

    /// A person back on the original tab is looking at it: its page must be
    /// visible again, or it rightly stops polling. Chromium shows it when the other
    /// tab closes; should a loaded machine leave it hidden, the window is brought
    /// back as [`set_visibility_hidden`](Self::set_visibility_hidden) does, and the
    /// log says so.
    async fn look_at_the_tab_again(&self) {
        let visible = || async {
            self.execute("return document.visibilityState", vec![])
                .await
                == "visible"
        };
        if crate::wait::poll_until(Duration::from_secs(3), visible).await {
            return;
        }
        eprintln!(
            "[harness] the original tab stayed hidden after the other closed: restoring its window"
        );
        self.set_visibility_hidden(false).await;
    }

    /// Clicks the submit button named `name` and waits for the next page (which
    /// has no such button).
    async fn submit_with(&self, name: &str) {
        self.click_button(name).await;
        self.wait_until(
            Duration::from_secs(10),
            "the confirm page to submit",
            || async { self.button_on_page(name).await == Some(false) },
        )
        .await;
    }
}

/// The confirm page's button without number matching.
const CONFIRM_BUTTON: &str = "Confirm sign-in";

/// The number to pick for `link`: the `match_code` of its message in the outbox
/// of the devapi it points at. `None` without number matching, or when no
/// message has this link (the page is then taken as it comes).
async fn match_code_for(link: &str) -> Option<String> {
    let origin = url::Url::parse(link).ok()?.origin().ascii_serialization();
    let response = http::send(Method::GET, &format!("{origin}/dev/outbox.json"), None).await;
    if !response.status.is_success() {
        return None;
    }
    let messages: Vec<OutboxMessage> = serde_json::from_slice(&response.body).ok()?;
    messages
        .into_iter()
        .find(|message| message.link == link)?
        .match_code
}
