//! The widget's options, read from attributes (or `data-*`, or JS options) and
//! checked once, before anything runs.

use crate::error::{ErrorCode, Failure};
use crate::flow::Methods;

/// The real service's base URL, used when `api-base` is absent.
pub const DEFAULT_API_BASE: &str = "https://api.ssojet.com/api/v1";

/// Every attribute of `<magic-link-login>`, in the order the README lists them. The
/// element observes exactly these; the loader's allow-list, the `.d.ts` options (in
/// camelCase) and the README copy them, and host tests check each copy.
/// [`Settings::read`] reads all but `nonce`, `texts` and `no-shadow`, which the
/// element reads itself.
pub const ATTRIBUTES: [&str; 15] = [
    "client-id",
    "api-base",
    "resend-cooldown",
    "poll-interval",
    "link-ttl",
    "request-timeout",
    "redirect-uri",
    "lang",
    "email",
    "nonce",
    "method",
    "use-config",
    "storage-key",
    "texts",
    "no-shadow",
];

/// Checked options of one widget instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Sent as `client_id` on every request.
    pub client_id: String,
    /// Base URL of the API, without a trailing slash.
    pub api_base: String,
    /// Seconds before the first resend.
    pub resend_cooldown_s: u64,
    /// Milliseconds between status polls while the tab is visible.
    pub poll_interval_ms: u64,
    /// Seconds a link stays valid, counted from the last send or resend.
    pub link_ttl_s: u64,
    /// Milliseconds one request may take before it fails with `timeout`.
    pub request_timeout_ms: u64,
    /// Where to go after sign-in (already checked by [`is_allowed_redirect`]).
    pub redirect_uri: Option<String>,
    /// Language tag asked for (`lang` attribute), if any.
    pub lang: Option<String>,
    /// Address to prefill.
    pub email: Option<String>,
    /// What the e-mail carries: a link, a code, or a link with a code on offer.
    pub methods: Methods,
    /// Take branding and texts from the API's `GET /config` as defaults.
    pub use_config: bool,
    /// Extra key that separates the stored state of several instances that share a
    /// client ID on one page.
    pub storage_key: Option<String>,
}

impl Settings {
    /// Reads and checks options through `attribute` (attribute name → value).
    ///
    /// Numbers out of range are clamped to sane bounds rather than refused, so a typo
    /// never leaves a blank box. Returns the settings and, when the configuration
    /// cannot work, the [`ErrorCode::Config`] failure to show instead of the form.
    pub fn read(attribute: impl Fn(&str) -> Option<String>) -> (Settings, Option<Failure>) {
        let text = |name: &str| {
            attribute(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let number = |name: &str, default: u64, min: u64, max: u64| {
            text(name)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(default)
                .clamp(min, max)
        };
        let client_id = text("client-id").unwrap_or_default();
        let api_base = text("api-base").unwrap_or_else(|| DEFAULT_API_BASE.to_owned());
        let redirect_uri = text("redirect-uri");
        let settings = Settings {
            api_base: api_base.trim_end_matches('/').to_owned(),
            resend_cooldown_s: number("resend-cooldown", 30, 1, 3600),
            poll_interval_ms: number("poll-interval", 2000, 500, 60_000),
            link_ttl_s: number("link-ttl", 300, 5, 86_400),
            request_timeout_ms: number("request-timeout", 15_000, 1000, 120_000),
            redirect_uri: redirect_uri.clone().filter(|uri| is_allowed_redirect(uri)),
            lang: text("lang"),
            email: text("email"),
            methods: Methods::parse(text("method").as_deref()),
            // A boolean attribute: present means on, whatever its value.
            use_config: attribute("use-config").is_some(),
            storage_key: text("storage-key"),
            client_id,
        };
        let problem = if settings.client_id.is_empty() {
            Some("client-id is missing")
        } else if !is_https_or_loopback(&settings.api_base) {
            // Tokens travel in the status answers: never in clear text over a network.
            Some("api-base must be https (or http on localhost)")
        } else if redirect_uri.is_some() && settings.redirect_uri.is_none() {
            Some("redirect-uri must be https (or http on localhost)")
        } else {
            None
        };
        let failure = problem.map(|p| Failure::new(ErrorCode::Config).with_detail(Some(p)));
        (settings, failure)
    }

    /// Settings for `client_id`, to refine with the builder's methods.
    pub fn builder(client_id: &str) -> SettingsBuilder {
        SettingsBuilder::default().set("client-id", client_id)
    }

    /// The longest cooldown the widget will ever show, whatever the server or the
    /// stored state says: eight times the configured one, and at least ten minutes.
    pub fn max_cooldown_ms(&self) -> u64 {
        (self.resend_cooldown_s * 8).max(600) * 1000
    }

    /// Link lifetime in milliseconds.
    pub fn link_ttl_ms(&self) -> u64 {
        self.link_ttl_s * 1000
    }
}

/// Builds [`Settings`] in Rust code, with the same names and checks as the
/// attributes (see [`Settings::builder`]).
#[derive(Clone, Debug, Default)]
pub struct SettingsBuilder {
    attributes: Vec<(&'static str, String)>,
}

impl SettingsBuilder {
    fn set(mut self, name: &'static str, value: impl ToString) -> Self {
        self.attributes.push((name, value.to_string()));
        self
    }

    /// `api-base`: base URL of the API.
    pub fn api_base(self, url: &str) -> Self {
        self.set("api-base", url)
    }

    /// `resend-cooldown`: seconds before the first resend.
    pub fn resend_cooldown(self, seconds: u64) -> Self {
        self.set("resend-cooldown", seconds)
    }

    /// `poll-interval`: milliseconds between status polls.
    pub fn poll_interval(self, millis: u64) -> Self {
        self.set("poll-interval", millis)
    }

    /// `link-ttl`: seconds a link stays valid.
    pub fn link_ttl(self, seconds: u64) -> Self {
        self.set("link-ttl", seconds)
    }

    /// `redirect-uri`: where to go after sign-in (https, or http on localhost).
    pub fn redirect_uri(self, uri: &str) -> Self {
        self.set("redirect-uri", uri)
    }

    /// `lang`: language of the texts.
    pub fn lang(self, tag: &str) -> Self {
        self.set("lang", tag)
    }

    /// `email`: address to prefill.
    pub fn email(self, address: &str) -> Self {
        self.set("email", address)
    }

    /// `request-timeout`: milliseconds one request may take.
    pub fn request_timeout(self, millis: u64) -> Self {
        self.set("request-timeout", millis)
    }

    /// `method`: space-separated sign-in methods, the first is the primary
    /// (`link`, `code`, `link code`).
    pub fn method(self, methods: &str) -> Self {
        self.set("method", methods)
    }

    /// `use-config`: take branding and texts from `GET /config` as defaults.
    pub fn use_config(self) -> Self {
        self.set("use-config", "")
    }

    /// `storage-key`: separates instances that share a client ID.
    pub fn storage_key(self, key: &str) -> Self {
        self.set("storage-key", key)
    }

    /// The checked settings, and the configuration problem if there is one.
    pub fn build(self) -> (Settings, Option<Failure>) {
        Settings::read(|name| {
            self.attributes
                .iter()
                .rev()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        })
    }
}

/// The authority (host and port) of an `http:`/`https:` URL and whether it is https.
fn authority(url: &str) -> Option<(bool, &str)> {
    let lower_scheme = url.get(..8).map(str::to_ascii_lowercase);
    let (secure, rest) = match lower_scheme.as_deref() {
        Some("https://") => (true, &url[8..]),
        _ if url
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://")) =>
        {
            (false, &url[7..])
        }
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let clean = !authority.is_empty()
        && !authority.contains('@')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    clean.then_some((secure, authority))
}

/// Whether the widget may navigate to `uri` after sign-in: `https:` anywhere, or
/// `http:` on this machine (`localhost`, `127.0.0.1`, `[::1]`). Everything else —
/// `javascript:`, `data:`, relative URLs, credentials in the URL — is refused.
pub fn is_allowed_redirect(uri: &str) -> bool {
    is_https_or_loopback(uri)
}

/// `https:` anywhere, or `http:` on this machine (`localhost`, `127.0.0.1`,
/// `[::1]`): the URLs the widget talks to or navigates to.
pub fn is_https_or_loopback(url: &str) -> bool {
    match authority(url) {
        Some((true, _)) => true,
        Some((false, authority)) => {
            let (host, port) = match authority.strip_prefix('[') {
                Some(v6) => v6.split_once(']').unwrap_or((v6, "")),
                None => authority.split_once(':').unwrap_or((authority, "")),
            };
            // After the host only `:digits` may follow (browsers refuse anything else).
            let port = port.strip_prefix(':').unwrap_or(port);
            let port_ok = port.bytes().all(|b| b.is_ascii_digit());
            port_ok
                && ["localhost", "127.0.0.1", "::1"]
                    .iter()
                    .any(|h| host.eq_ignore_ascii_case(h))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> (Settings, Option<Failure>) {
        Settings::read(|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_follow_the_widget_contract() {
        let (settings, failure) = read(&[("client-id", "cli_x")]);
        assert_eq!(failure, None);
        assert_eq!(settings.api_base, DEFAULT_API_BASE);
        assert_eq!(settings.resend_cooldown_s, 30);
        assert_eq!(settings.poll_interval_ms, 2000);
        assert_eq!(settings.link_ttl_s, 300);
        assert_eq!(settings.request_timeout_ms, 15_000);
        assert_eq!(settings.redirect_uri, None);
    }

    #[test]
    fn numbers_are_clamped_and_garbage_falls_back_to_defaults() {
        let (settings, _) = read(&[
            ("client-id", "cli_x"),
            ("resend-cooldown", "0"),
            ("poll-interval", "10"),
            ("link-ttl", "soon"),
        ]);
        assert_eq!(settings.resend_cooldown_s, 1);
        assert_eq!(settings.poll_interval_ms, 500);
        assert_eq!(settings.link_ttl_s, 300);
    }

    #[test]
    fn trailing_slash_of_api_base_is_dropped() {
        let (settings, _) = read(&[
            ("client-id", "c"),
            ("api-base", "http://127.0.0.1:8787/api/v1/"),
        ]);
        assert_eq!(settings.api_base, "http://127.0.0.1:8787/api/v1");
    }

    #[test]
    fn missing_client_id_bad_base_or_refused_redirect_is_a_config_error() {
        for pairs in [
            vec![],
            vec![("client-id", "  ")],
            vec![("client-id", "c"), ("api-base", "ftp://x")],
            vec![("client-id", "c"), ("api-base", "not a url")],
            vec![("client-id", "c"), ("redirect-uri", "javascript:alert(1)")],
        ] {
            let (_, failure) = read(&pairs);
            assert_eq!(
                failure.map(|f| f.code),
                Some(ErrorCode::Config),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn redirects_only_to_https_or_local_http() {
        for ok in [
            "https://app.example.com/welcome",
            "HTTPS://app.example.com",
            "http://localhost:3000/done",
            "http://127.0.0.1/",
            "http://[::1]:8080/x",
        ] {
            assert!(is_allowed_redirect(ok), "refused {ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "http://example.com/",
            "http://localhost.evil.com/",
            "http://localhost@evil.com/",
            "http://localhost:x.evil.com/",
            "http://[::1]x.evil.com/",
            "http://127.0.0.1:80x/",
            "https://user@evil.com/",
            "//evil.com",
            "/relative",
            "https://",
            "https://exa mple.com",
            "vbscript:x",
        ] {
            assert!(!is_allowed_redirect(bad), "accepted {bad}");
        }
    }

    #[test]
    fn builder_uses_the_attribute_rules() {
        let (settings, failure) = Settings::builder("cli_x")
            .api_base("http://127.0.0.1:8787/api/v1/")
            .resend_cooldown(0)
            .redirect_uri("https://app.example.com")
            .build();
        assert_eq!(failure, None);
        assert_eq!(settings.api_base, "http://127.0.0.1:8787/api/v1");
        assert_eq!(settings.resend_cooldown_s, 1);
        let (_, failure) = Settings::builder("cli_x")
            .redirect_uri("javascript:x")
            .build();
        assert_eq!(failure.map(|f| f.code), Some(ErrorCode::Config));
    }

    /// The attributes the element reads itself rather than through [`Settings`].
    const READ_BY_THE_ELEMENT: [&str; 3] = ["nonce", "texts", "no-shadow"];

    /// The attributes `Settings` reads, sorted.
    fn settings_attributes() -> Vec<&'static str> {
        let mut names: Vec<&str> = ATTRIBUTES
            .into_iter()
            .filter(|name| !READ_BY_THE_ELEMENT.contains(name))
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn settings_read_exactly_the_listed_attributes() {
        let asked = std::cell::RefCell::new(Vec::new());
        Settings::read(|name| {
            asked.borrow_mut().push(name.to_owned());
            None
        });
        let mut asked = asked.into_inner();
        asked.sort_unstable();
        asked.dedup();
        assert_eq!(asked, settings_attributes());
        for name in READ_BY_THE_ELEMENT {
            assert!(ATTRIBUTES.contains(&name), "{name}");
        }
    }

    #[test]
    fn the_builder_sets_every_setting_by_its_attribute_name() {
        let builder = Settings::builder("cli_x")
            .api_base("https://api.example.com")
            .resend_cooldown(30)
            .poll_interval(2000)
            .link_ttl(300)
            .redirect_uri("https://app.example.com")
            .lang("de")
            .email("ana@example.com")
            .request_timeout(15_000)
            .storage_key("second")
            .method("link code")
            .use_config();
        let mut names: Vec<&str> = builder.attributes.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        assert_eq!(names, settings_attributes());
    }

    #[test]
    fn attribute_names_survive_camel_case_and_back() {
        // The loader and the `.d.ts` turn `clientId` into `client-id`: one way back.
        for name in ATTRIBUTES {
            let words_ok = name.split('-').all(|word| !word.is_empty());
            let chars_ok = name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
            assert!(words_ok && chars_ok, "{name}");
        }
    }

    #[test]
    fn the_loader_allows_exactly_these_attributes() {
        use crate::doc_lists::{between, quoted, LOADER};
        let listed = quoted(between(LOADER, "var ATTRIBUTES = [", "];"));
        assert_eq!(listed, ATTRIBUTES, "the loader's ATTRIBUTES");
    }

    #[test]
    fn the_typescript_options_are_the_attributes_in_camel_case() {
        use crate::doc_lists::{backticked, between, camel, ts_properties, DTS};
        let camel_case: Vec<String> = ATTRIBUTES.map(camel).into();
        let options: Vec<&str> = ts_properties(DTS, "MagicLinkLoginOptions")
            .into_iter()
            .filter(|name| !(name.starts_with("on") && name[2..].starts_with(char::is_uppercase)))
            .collect();
        assert_eq!(options, camel_case, "MagicLinkLoginOptions");
        let element = between(DTS, "Configured through attributes (", ");");
        assert_eq!(
            backticked(element),
            ATTRIBUTES,
            "MagicLinkLoginElement's comment"
        );
    }

    #[test]
    fn the_readme_lists_every_attribute_and_option() {
        use crate::doc_lists::{backticked, between, camel, README};
        let table = between(
            README,
            "| attribute | default | meaning |\n|---|---|---|\n",
            "\n\n",
        );
        let rows: Vec<&str> = table
            .lines()
            .map(|row| backticked(row).first().copied().unwrap_or(row))
            .collect();
        assert_eq!(rows, ATTRIBUTES, "README \"### Attributes\" table");
        let options = between(
            README,
            "Options are the [attributes](#attributes) in camelCase (",
            "): ",
        );
        let camel_case: Vec<String> = ATTRIBUTES.map(camel).into();
        assert_eq!(
            backticked(options),
            camel_case,
            "README \"### JavaScript API\" options"
        );
    }

    #[test]
    fn maximum_cooldown_is_never_below_ten_minutes() {
        let (mut settings, _) = read(&[("client-id", "c")]);
        assert_eq!(settings.max_cooldown_ms(), 600_000);
        settings.resend_cooldown_s = 300;
        assert_eq!(settings.max_cooldown_ms(), 2_400_000);
    }

    #[test]
    fn api_base_over_http_only_on_this_machine() {
        for ok in [
            "https://api.ssojet.com/api/v1",
            "http://127.0.0.1:8787/api/v1",
            "http://localhost:8787/api/v1",
            "http://[::1]:8787/api/v1",
        ] {
            assert_eq!(
                read(&[("client-id", "c"), ("api-base", ok)]).1,
                None,
                "{ok}"
            );
        }
        for bad in [
            "http://api.example.com/api/v1",
            "http://192.168.1.10:8787/api/v1",
            "http://localhost.evil.com/api/v1",
            "ftp://api.example.com",
        ] {
            let (_, problem) = read(&[("client-id", "c"), ("api-base", bad)]);
            let problem = problem.unwrap_or_else(|| panic!("accepted {bad}"));
            assert_eq!(problem.code, ErrorCode::Config, "{bad}");
            assert!(problem.detail.unwrap().contains("https"), "{bad}");
        }
    }
}
