//! The client's branding from `GET /config?client_id=…` (the `use-config` option),
//! checked by hand-written allow-lists: the answer comes over the network, and the
//! point is what may never pass (CSS syntax, script URLs), which a colour or URL
//! parser crate does not promise; the browser's `CSS.supports` still has the last
//! word on colours.
//!
//! Every field is optional, unknown ones are ignored and a field of the wrong type
//! costs that field only. What this gives are defaults: attributes, the element's
//! own `texts` and the host's CSS custom properties win over it (the browser side
//! stacks them).

use crate::config::is_https_or_loopback;
use crate::data::{loose, loose_object, Entries, Json};
use serde::{Deserialize, Serialize};

/// Longest colour value kept, in bytes.
const MAX_COLOR: usize = 64;
/// Longest logo URL kept, in bytes.
const MAX_LOGO_URL: usize = 2048;
/// Longest font-family list kept, in characters.
const MAX_FONT: usize = 200;
/// Texts (and the brand name) longer than this many characters are cut.
const MAX_TEXT: usize = 200;
/// Longest language tag kept (BCP 47 advises supporting 35 characters).
const MAX_TAG: usize = 35;

/// The branding of one client, every value checked; `None` where the answer had
/// nothing usable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Branding {
    /// The brand colour (`btn_color`, else `brand_color`, else `primary_color`): one
    /// CSS colour value, for `--magic-link-accent`.
    pub accent: Option<String>,
    /// The brand's logo (`brand_logo`, with `brand_name` as its text).
    pub logo: Option<Logo>,
    /// A CSS `font-family` list (`font`).
    pub font: Option<String>,
    /// The language the answer says it is in (`lang`), when it looks like a
    /// language tag; it decides whether flat texts apply.
    pub lang: Option<String>,
    localization: Localization,
}

/// A logo to show: an `https:` (or loopback `http:`) URL and its alternative text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Logo {
    /// The image URL, for an `<img src>` (never to be written into CSS text).
    pub src: String,
    /// The brand's name, or empty (the image is then decorative), never the URL.
    pub alt: String,
}

/// The answer as it comes; every field loose, so one odd field costs that field only.
#[derive(Deserialize)]
struct Answer {
    #[serde(default, deserialize_with = "loose")]
    btn_color: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    brand_color: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    primary_color: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    brand_logo: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    brand_name: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    font: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    lang: Option<String>,
    #[serde(default, deserialize_with = "loose_object")]
    localization: Option<Json>,
}

/// The texts of one language: read under the API's names, written under the keys of
/// the `texts` option.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
struct Labels {
    #[serde(
        rename(deserialize = "login_heading", serialize = "form_title"),
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    heading: Option<String>,
    #[serde(
        rename(deserialize = "button_text", serialize = "send"),
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    button: Option<String>,
    #[serde(
        rename(deserialize = "input_label", serialize = "email_label"),
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    label: Option<String>,
    #[serde(
        rename(deserialize = "input_placeholder", serialize = "email_placeholder"),
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    placeholder: Option<String>,
}

/// `localization` in either shape: flat labels, and labels per language tag (in
/// the answer's order, which the browser and the host both keep).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Localization {
    flat: Labels,
    languages: Vec<(String, Labels)>,
}

impl Branding {
    /// The branding in a `/config` answer; `None` when `text` is not a JSON object
    /// (the caller reports `config_unavailable`).
    pub fn parse(text: &str) -> Option<Branding> {
        let answer: Answer = Json::parse(text).filter(Json::is_object)?.read()?;
        Some(Branding::from(answer))
    }

    /// The answer's texts for the page's language `lang` (a BCP 47 tag), as a JSON
    /// object in the `texts` option's format (`form_title`, `send`, `email_label`,
    /// `email_placeholder`); `None` when no texts apply.
    ///
    /// Per language: the exact tag, else the page's primary language (page `fr-CA`
    /// finds `fr`), else another tag of that language (page `fr` finds `fr-CA`).
    /// Flat texts apply when no per-language ones do and the answer's `lang` is absent
    /// or of the page's primary language.
    pub fn texts_for(&self, lang: &str) -> Option<String> {
        let labels = self
            .localization
            .for_language(lang)
            .or_else(|| self.flat_applies(lang).then_some(&self.localization.flat))
            .filter(|labels| !labels.is_empty())?;
        Some(Json::of(labels)?.to_text())
    }

    fn flat_applies(&self, page: &str) -> bool {
        self.lang
            .as_deref()
            .is_none_or(|lang| same_tag(primary(lang), primary(page)))
    }
}

impl From<Answer> for Branding {
    fn from(answer: Answer) -> Branding {
        let accent = [answer.btn_color, answer.brand_color, answer.primary_color]
            .into_iter()
            .flatten()
            .find_map(|value| color(&value));
        let logo = answer
            .brand_logo
            .and_then(|url| logo_url(&url))
            .map(|src| Logo {
                src,
                alt: text(answer.brand_name).unwrap_or_default(),
            });
        Branding {
            accent,
            logo,
            font: answer.font.and_then(|value| font(&value)),
            lang: answer.lang.filter(|tag| is_language_tag(tag)),
            localization: answer
                .localization
                .map(|json| Localization::of(&json))
                .unwrap_or_default(),
        }
    }
}

impl Localization {
    fn of(json: &Json) -> Localization {
        let languages = json
            .read::<Entries>()
            .map_or_else(Vec::new, |entries| entries.0)
            .into_iter()
            .filter(|(tag, value)| is_language_tag(tag) && value.is_object())
            .filter_map(|(tag, value)| Some((tag, value.read::<Labels>()?.cleaned())))
            .filter(|(_, labels)| !labels.is_empty())
            .collect();
        Localization {
            flat: json.read::<Labels>().unwrap_or_default().cleaned(),
            languages,
        }
    }

    fn for_language(&self, page: &str) -> Option<&Labels> {
        let find = |matches: &dyn Fn(&str) -> bool| {
            self.languages
                .iter()
                .find(|(tag, _)| matches(tag))
                .map(|(_, labels)| labels)
        };
        find(&|tag| same_tag(tag, page))
            .or_else(|| find(&|tag| same_tag(tag, primary(page))))
            .or_else(|| find(&|tag| same_tag(primary(tag), primary(page))))
    }
}

impl Labels {
    fn cleaned(self) -> Labels {
        Labels {
            heading: text(self.heading),
            button: text(self.button),
            label: text(self.label),
            placeholder: text(self.placeholder),
        }
    }

    fn is_empty(&self) -> bool {
        *self == Labels::default()
    }
}

/// `value` trimmed and cut to [`MAX_TEXT`] characters; `None` when blank.
fn text(value: Option<String>) -> Option<String> {
    let value = value?;
    let cut: String = value.trim().chars().take(MAX_TEXT).collect();
    let cut = cut.trim_end();
    (!cut.is_empty()).then(|| cut.to_owned())
}

/// `value` when it plausibly is one CSS colour value and nothing else.
fn color(value: &str) -> Option<String> {
    let value = value.trim();
    let plausible = value.len() <= MAX_COLOR
        && (is_hex_color(value) || is_color_function(value) || is_color_keyword(value));
    plausible.then(|| value.to_owned())
}

fn is_hex_color(value: &str) -> bool {
    value.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// `rgb()`, `rgba()`, `hsl()` or `hsla()` of numbers: no letters inside, so no
/// `var()`, `url()` or nested function can hide there.
fn is_color_function(value: &str) -> bool {
    let Some((name, rest)) = value.split_once('(') else {
        return false;
    };
    let Some(inner) = rest.strip_suffix(')') else {
        return false;
    };
    ["rgb", "rgba", "hsl", "hsla"]
        .iter()
        .any(|function| name.eq_ignore_ascii_case(function))
        && inner.bytes().any(|b| b.is_ascii_digit())
        && inner
            .bytes()
            .all(|b| b.is_ascii_digit() || b" ,./%-".contains(&b))
}

/// A named colour (`red`, `rebeccapurple`, `transparent`); the browser decides
/// whether it is one.
fn is_color_keyword(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphabetic())
}

/// `url` when it may be shown as the logo: the widget's own rule for URLs it talks
/// to, plus `*.localhost`.
fn logo_url(url: &str) -> Option<String> {
    let url = url.trim();
    // Not URL code points: a browser would encode them, so only a crafted URL has
    // them, and they are what breaks out of an HTML attribute or a CSS string.
    let plain = url.len() <= MAX_LOGO_URL && !url.contains(['"', '<', '>', '\\', '`']);
    let allowed = is_https_or_loopback(url)
        || as_plain_localhost(url).is_some_and(|url| is_https_or_loopback(&url));
    (plain && allowed).then(|| url.to_owned())
}

/// `http://a.b.localhost:8080/x` as `http://localhost:8080/x`, so that the loopback
/// rule of `config.rs` (which names `localhost` only) judges the rest: browsers
/// resolve every `*.localhost` to this machine.
fn as_plain_localhost(url: &str) -> Option<String> {
    let scheme = url.get(..7).filter(|s| s.eq_ignore_ascii_case("http://"))?;
    let rest = &url[scheme.len()..];
    let host_end = rest.find([':', '/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..host_end].to_ascii_lowercase();
    let labels = host.strip_suffix(".localhost")?;
    let labels_ok = labels.split('.').all(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    labels_ok.then(|| format!("http://localhost{}", &rest[host_end..]))
}

/// `value` when it is a plain `font-family` list: names, commas, spaces, hyphens and
/// closed quotes only.
fn font(value: &str) -> Option<String> {
    let value = value.trim();
    let chars_ok = value
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | ',' | '-' | '\'' | '"'));
    let fits = !value.is_empty() && value.chars().count() <= MAX_FONT;
    (fits && chars_ok && quotes_closed(value)).then(|| value.to_owned())
}

/// Whether every quote is closed by its own kind: an open CSS string would swallow
/// whatever the style sheet says after the value.
fn quotes_closed(value: &str) -> bool {
    let mut open = None;
    for quote in value.chars().filter(|c| matches!(c, '\'' | '"')) {
        match open {
            None => open = Some(quote),
            Some(q) if q == quote => open = None,
            Some(_) => {}
        }
    }
    open.is_none()
}

fn is_language_tag(tag: &str) -> bool {
    (1..=MAX_TAG).contains(&tag.len())
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The primary language subtag (`fr` of `fr-CA`).
fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Tags compare without regard to case or to `_` for `-` (`pt_BR` is `pt-BR`).
fn same_tag(a: &str, b: &str) -> bool {
    !a.is_empty()
        && a.len() == b.len()
        && a.bytes().zip(b.bytes()).all(|(x, y)| {
            let fold = |c: u8| {
                if c == b'_' {
                    b'-'
                } else {
                    c.to_ascii_lowercase()
                }
            };
            fold(x) == fold(y)
        })
}

#[cfg(test)]
#[path = "branding_tests.rs"]
mod tests;
