//! The example app: a page with the widget and what it heard.

use std::rc::Rc;

use leptos::prelude::*;
use magic_link_widget::browser::element::CSS;
use magic_link_widget::config::Settings;
use magic_link_widget::flow::Notice;
use magic_link_widget::views::{MagicLinkLogin, WidgetOptions};

/// What this app reads from the API's `user` object (the widget passes it on as
/// it came; read it as your own serde type).
#[derive(serde::Deserialize)]
struct User {
    email: String,
}

/// devapi's API (`cargo run -p devapi -- --port 8787`).
const API_BASE: &str = "http://127.0.0.1:8787/api/v1";

/// The app's root component.
#[component]
pub fn App() -> impl IntoView {
    let (heard, set_heard) = signal(String::new());
    let (welcome, set_welcome) = signal(None::<String>);

    // The same names and checks as the element's attributes. A configuration
    // problem (e.g. an empty client ID) is shown by the widget instead of the form.
    let (settings, config_problem) = Settings::builder("cli_demo")
        .api_base(API_BASE)
        .resend_cooldown(30)
        .poll_interval(2000)
        .lang("en")
        .build();

    let on_notice: Rc<dyn Fn(&Notice)> = Rc::new(move |notice: &Notice| match notice {
        Notice::Sent { email } => set_heard.set(format!("A link went to {email}.")),
        Notice::Resent { email, count } => {
            set_heard.set(format!("Link sent again to {email} ({count} resends)."));
        }
        Notice::Authenticated(session) => {
            // The API's answer: access_token, refresh_token, token_type, expires_at,
            // user. Hand it to your backend; the widget stores none of it.
            let email = session
                .user::<User>()
                .map_or_else(|| "you".to_owned(), |user| user.email);
            set_welcome.set(Some(email));
        }
        Notice::Expired { email } => set_heard.set(format!("The link to {email} expired.")),
        Notice::Error(failure) => set_heard.set(format!("Error: {}", failure.code.as_str())),
    });

    let options = WidgetOptions {
        config_problem,
        on_notice: Some(on_notice),
        ..Default::default()
    };

    view! {
        // The widget's styles: the custom element puts them in its shadow root; a
        // Rust app includes them once, wherever it likes.
        <style>{CSS}</style>
        <main>
            <h1>"Sign in to Example Co."</h1>
            <MagicLinkLogin settings=settings options=options />
            <p aria-live="polite">{move || heard.get()}</p>
            <Show when=move || welcome.get().is_some()>
                <p>"Welcome, " {move || welcome.get().unwrap_or_default()} "!"</p>
            </Show>
        </main>
    }
}
