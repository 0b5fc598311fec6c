//! The example app: a page with the widget and what it heard.

use leptos::prelude::*;
use magic_link_widget::api::response::Session;
use magic_link_widget::browser::element::CSS;
use magic_link_widget::config::Settings;
use magic_link_widget::error::Failure;
use magic_link_widget::views::MagicLinkLogin;

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

    // One Leptos callback per moment; each is optional.
    let on_sent = move |email: String| set_heard.set(format!("A link went to {email}."));
    let on_resent = move |(email, count): (String, u32)| {
        set_heard.set(format!("Link sent again to {email} ({count} resends)."));
    };
    let on_authenticated = move |session: Session| {
        // The API's answer: access_token, refresh_token, token_type, expires_at,
        // user. Hand it to your backend; the widget stores none of it.
        let email = session
            .user::<User>()
            .map_or_else(|| "you".to_owned(), |user| user.email);
        set_welcome.set(Some(email));
    };
    let on_expired = move |email: String| set_heard.set(format!("The link to {email} expired."));
    let on_error =
        move |failure: Failure| set_heard.set(format!("Error: {}", failure.code.as_str()));

    view! {
        // The widget's styles: the custom element puts them in its shadow root; a
        // Rust app includes them once, wherever it likes.
        <style>{CSS}</style>
        <main>
            <h1>"Sign in to Example Co."</h1>
            <MagicLinkLogin
                settings=settings
                config_problem=config_problem
                on_sent=on_sent
                on_resent=on_resent
                on_authenticated=on_authenticated
                on_expired=on_expired
                on_error=on_error
            />
            <p aria-live="polite">{move || heard.get()}</p>
            <Show when=move || welcome.get().is_some()>
                <p>"Welcome, " {move || welcome.get().unwrap_or_default()} "!"</p>
            </Show>
        </main>
    }
}
