//! axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every step of the widget, in light
//! and dark colour schemes, through the demo page in real Chromium.

use std::time::Duration;

use common::{press_keys, ENTER, TAB};
use e2e::{chromium_only, widget_dist, workspace_root, Browser, DevApi, Engine, StaticServer};
use serde_json::{json, Value};

mod common;

const WAIT: Duration = Duration::from_secs(10);
const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Runs axe-core on the whole page in light and dark, and fails listing every
/// violation with the elements it found.
async fn assert_accessible(browser: &Browser, step: &str) {
    assert_accessible_with(browser, step, &[]).await;
}

/// [`assert_accessible`] with more emulated media features (e.g. forced colours).
async fn assert_accessible_with(browser: &Browser, step: &str, extra: &[(&str, &str)]) {
    let axe = std::fs::read_to_string(workspace_root().join("node_modules/axe-core/axe.min.js"))
        .expect("axe-core is installed by scripts/bootstrap.sh (npm ci)");
    // Dark mode and forced colours are emulated through CDP (Chromium); the other
    // engines check the page as they show it.
    let schemes: &[&str] = if browser.engine() == Engine::Chromium {
        &["light", "dark"]
    } else {
        &["as shown"]
    };
    for &scheme in schemes {
        if browser.engine() == Engine::Chromium {
            browser
                .cdp(
                    "Emulation.setEmulatedMedia",
                    json!({ "features": std::iter::once(("prefers-color-scheme", scheme))
                    .chain(extra.iter().copied())
                    .map(|(name, value)| json!({ "name": name, "value": value }))
                    .collect::<Vec<_>>() }),
                )
                .await;
        }
        let script = format!(
            "if (!window.axe) {{ {axe} }}
             return axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags} }} }})
               .then(r => ({{
                 violations: r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +
                   v.nodes.map(n => JSON.stringify(n.target)).join(', ')),
                 // A target inside a shadow root is a list of selectors, one per root.
                 shadowChecks: r.passes.flatMap(p => p.nodes).filter(n => Array.isArray(n.target[0])).length,
               }}));",
            tags = json!(WCAG_TAGS)
        );
        let result = browser.execute(&script, vec![]).await;
        let violations: Vec<String> = serde_json::from_value(result["violations"].clone()).unwrap();
        assert!(violations.is_empty(), "{step} ({scheme}): {violations:#?}");
        let shadow_checks = result["shadowChecks"].as_u64().unwrap_or(0);
        assert!(
            shadow_checks > 3,
            "{step}: axe must reach into the shadow root ({shadow_checks} checks)"
        );
    }
}

fn demo_url(dist: &StaticServer, devapi: &DevApi, extra: &str) -> String {
    dist.url(&format!("/index.html?api={}{extra}", devapi.origin()))
}

#[tokio::test]
async fn every_step_passes_axe_in_light_and_dark() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--link-ttl", "6"]);
    let dist = StaticServer::start(widget_dist());

    browser.goto(&demo_url(&dist, &devapi, "&link-ttl=6")).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    assert_accessible(&browser, "form").await;

    browser.type_into_textbox("Email", "not-an-address").await;
    browser.click_button("Send").await;
    browser
        .wait_until(WAIT, "the error", || async {
            browser
                .text_of_role("alert")
                .await
                .is_some_and(|t| !t.is_empty())
        })
        .await;
    assert_accessible(&browser, "form with an error").await;

    browser.goto(&demo_url(&dist, &devapi, "&link-ttl=6")).await;
    browser.type_into_textbox("Email", "ana@example.com").await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    assert_accessible(&browser, "waiting").await;

    browser.wait_for_text("Your link has expired", WAIT).await;
    assert_accessible(&browser, "expired").await;

    browser.click_button("Send a new link").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    let outbox = devapi.wait_for_outbox(2, WAIT).await;
    browser.pick_wrong_number_in_new_tab(&outbox[0].link).await;
    browser
        .wait_for_role("heading", "Sign-in cancelled", WAIT)
        .await;
    assert_accessible(&browser, "cancelled").await;

    browser.click_button("Send a new link").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    let outbox = devapi.wait_for_outbox(3, WAIT).await;
    browser.confirm_link_in_new_tab(&outbox[0].link).await;
    browser.wait_for_text("You are signed in", WAIT).await;
    assert_accessible(&browser, "signed in").await;

    browser.goto(&demo_url(&dist, &devapi, "&client-id=")).await;
    browser
        .wait_for_text("Sign-in is not available", WAIT)
        .await;
    assert_accessible(&browser, "configuration error").await;
    browser.close().await;
}

#[tokio::test]
async fn arabic_is_right_to_left_and_passes_axe() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    browser.goto(&demo_url(&dist, &devapi, "&lang=ar")).await;
    browser.wait_until(WAIT, "the Arabic form", || async {
        browser.execute(
            "const root = document.querySelector('magic-link-login').shadowRoot;
             return root && root.querySelector('.mll') && root.querySelector('.mll').dir === 'rtl';",
            vec![],
        ).await == Value::Bool(true)
    }).await;
    assert_accessible(&browser, "Arabic form").await;
    browser.close().await;
}

#[tokio::test]
async fn reduced_motion_turns_transitions_off_and_forced_colors_keep_buttons_visible() {
    if !chromium_only("CDP media emulation (reduced motion, forced colours)") {
        return;
    }
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let dist = StaticServer::start(widget_dist());
    browser.goto(&demo_url(&dist, &devapi, "")).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    let button_style = "const b = document.querySelector('magic-link-login').shadowRoot
         .querySelector('button[type=submit]'); const s = getComputedStyle(b);
         return { transition: s.transitionDuration, border: s.borderTopWidth, borderStyle: s.borderTopStyle };";

    let normal = browser.execute(button_style, vec![]).await;
    assert_ne!(
        normal["transition"], "0s",
        "a transition exists to be turned off: {normal}"
    );
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
        )
        .await;
    let reduced = browser.execute(button_style, vec![]).await;
    assert_eq!(reduced["transition"], "0s", "{reduced}");

    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "forced-colors", "value": "active" }] }),
        )
        .await;
    let forced = browser.execute(button_style, vec![]).await;
    assert_eq!(
        forced["border"], "2px",
        "buttons keep a visible border: {forced}"
    );
    assert_eq!(forced["borderStyle"], "solid");
    assert_accessible_with(
        &browser,
        "form in forced colors",
        &[("forced-colors", "active")],
    )
    .await;
    browser.close().await;
}

/// `method="code"` and `"link code"`, every code step and the cancelled step under
/// axe in every language, and a code sign-in by keyboard alone (Tab, typing, no
/// clicks).
#[tokio::test]
async fn the_code_steps_pass_axe_in_every_language_and_work_by_keyboard_alone() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&["--code-tries", "1"]);
    let dist = StaticServer::start(widget_dist());
    let keys = |text: String| {
        let browser = &browser;
        async move { press_keys(browser, &text).await }
    };
    let focused_code_field = || async {
        browser
            .execute(
                "const root = document.querySelector('magic-link-login').shadowRoot;
                 return !!root.activeElement && root.activeElement.name === 'code';",
                vec![],
            )
            .await
            == Value::Bool(true)
    };

    for (n, lang) in ["en", "ar", "de", "es", "fr", "ja", "pt"]
        .into_iter()
        .enumerate()
    {
        let address = format!("a{n}@example.com");
        browser
            .goto(&demo_url(
                &dist,
                &devapi,
                &format!("&lang={lang}&method=link%20code&storage-key={lang}"),
            ))
            .await;
        browser.wait_for_widgets().await;
        // Keyboard only: Tab to the address field, type, Enter.
        for _ in 0..10 {
            let on_field = browser
                .execute(
                    "const root = document.querySelector('magic-link-login').shadowRoot;
                     return !!root && !!root.activeElement && root.activeElement.name === 'email';",
                    vec![],
                )
                .await;
            if on_field == Value::Bool(true) {
                break;
            }
            keys(TAB.to_string()).await;
        }
        keys(format!("{address}{ENTER}")).await;
        // Focus moves to the waiting step's heading; Tab goes on from there.
        browser
            .wait_until(WAIT, "focus on the waiting step's heading", || async {
                browser
                    .execute(
                        "const root = document.querySelector('magic-link-login').shadowRoot;
                         return !!root.activeElement && root.activeElement.localName === 'h2'
                           && !!root.querySelector('[part=waiting]');",
                        vec![],
                    )
                    .await
                    == Value::Bool(true)
            })
            .await;
        // A different number picked where the link opens: the cancelled step, then a
        // new link (the focus on its waiting heading again).
        let link = devapi
            .outbox()
            .await
            .into_iter()
            .find(|m| m.to == address)
            .expect("the link's e-mail")
            .link;
        browser.pick_wrong_number_in_new_tab(&link).await;
        let shows = |part: &'static str| {
            let script = format!(
                "const root = document.querySelector('magic-link-login').shadowRoot;
                 return !!root.activeElement && root.activeElement.localName === 'h2'
                   && !!root.querySelector('[part={part}]');"
            );
            let browser = &browser;
            move || {
                let script = script.clone();
                async move { browser.execute(&script, vec![]).await == Value::Bool(true) }
            }
        };
        browser
            .wait_until(
                WAIT,
                "the cancelled step, focus on its heading",
                shows("expired"),
            )
            .await;
        assert_accessible(&browser, &format!("{lang}: cancelled")).await;
        keys(TAB.to_string()).await;
        keys(ENTER.to_string()).await;
        browser
            .wait_until(WAIT, "a new link's waiting step", shows("waiting"))
            .await;
        // Tab to "Enter a code instead" (the last-but-one control) and press it.
        for _ in 0..6 {
            keys(TAB.to_string()).await;
            let on_switch = browser
                .execute(
                    "const root = document.querySelector('magic-link-login').shadowRoot;
                     return !!root.activeElement && root.activeElement.getAttribute('part') === 'code-instead';",
                    vec![],
                )
                .await;
            if on_switch == Value::Bool(true) {
                break;
            }
        }
        keys(ENTER.to_string()).await;
        browser
            .wait_until(WAIT, "focus in the code field", focused_code_field)
            .await;
        assert_accessible(&browser, &format!("{lang}: waiting with a code field")).await;
        let code = devapi.latest_code_for(&address).await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        keys(wrong.to_owned()).await;
        // One try only: the code is dead, the expired step offers a new one.
        browser
            .wait_until(WAIT, "the expired code", || async {
                browser
                    .execute(
                        "const root = document.querySelector('magic-link-login').shadowRoot;
                     return !!root.querySelector('[part=expired]');",
                        vec![],
                    )
                    .await
                    == Value::Bool(true)
            })
            .await;
        assert_accessible(&browser, &format!("{lang}: code expired")).await;
    }

    // The code method, to the end, by keyboard.
    browser
        .goto(&demo_url(&dist, &devapi, "&method=code"))
        .await;
    browser.wait_for_widgets().await;
    for _ in 0..10 {
        if browser.active_element_description().await == r#"input "Email address""# {
            break;
        }
        keys(TAB.to_string()).await;
    }
    keys(format!("kb@example.com{ENTER}")).await;
    browser
        .wait_for_role("heading", "Enter your code", WAIT)
        .await;
    browser
        .wait_until(WAIT, "focus in the code field", focused_code_field)
        .await;
    assert_accessible(&browser, "code step").await;
    let code = devapi.latest_code_for("kb@example.com").await;
    keys(code).await;
    browser
        .wait_for_role("heading", "You are signed in", WAIT)
        .await;
    browser.close().await;
}
