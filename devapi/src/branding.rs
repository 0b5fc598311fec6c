//! The branding `GET /config` answers: a JSON object from `--config FILE`, or
//! a built-in sample whose logo devapi serves itself ([`LOGO_PATH`]).

use serde_json::{json, Value};

/// Where devapi serves the sample's logo.
pub const LOGO_PATH: &str = "/dev/logo.svg";

/// The sample's logo: a white "A" on the sample's button colour. Small, so it
/// can live in the binary.
pub const LOGO_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" \
     height=\"64\" viewBox=\"0 0 64 64\" role=\"img\" aria-label=\"Acme\">\
     <title>Acme</title><rect width=\"64\" height=\"64\" rx=\"14\" fill=\"#6d28d9\"/>\
     <path d=\"M18 48 29 16h6l11 32h-7l-2.4-7.5H27.4L25 48zm11.3-13.5h5.4L32 26z\" \
     fill=\"#fff\"/></svg>\n";

/// The text of a `--config` file, checked to be one JSON object.
///
/// The text is served as it is (key order, spacing and all) rather than
/// re-serialised, so what a developer wrote is exactly what the widget reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branding(String);

impl Branding {
    /// Checks `text` (the file at `path`, named in the error) is a JSON object.
    pub fn from_text(path: &str, text: String) -> Result<Self, String> {
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(_)) => Ok(Self(text)),
            Ok(other) => Err(format!(
                "{path} holds JSON, but not an object (it is {}); the branding must be \
                 one object like {{\"brand_name\": \"Acme\"}}",
                kind(&other)
            )),
            Err(e) => Err(format!("{path} is not valid JSON: {e}")),
        }
    }

    /// The JSON text, as read.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads and checks a `--config` file; clap calls this while parsing, so a bad
/// file stops devapi before it listens, with the reason on stderr.
pub fn parse_file(path: &str) -> Result<Branding, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Branding::from_text(path, text)
}

/// What a JSON value is, in words, for error messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The built-in sample for a devapi reachable at `base_url`. Outside tests find
/// the form by its English names, so the button text contains "Send" and the
/// label "Email" in every language.
pub fn sample(base_url: &str) -> Value {
    json!({
        "brand_name": "Acme",
        "btn_color": "#6d28d9",
        "brand_logo": format!("{base_url}{LOGO_PATH}"),
        "font": "Georgia, serif",
        "lang": "en",
        "localization": {
            "en": {
                "login_heading": "Sign in to Acme",
                "button_text": "Send me a sign-in link",
                "input_label": "Email address",
                "input_placeholder": "you@acme.test",
            },
            "fr": {
                "login_heading": "Connexion à Acme",
                "button_text": "Send : recevoir le lien de connexion",
                "input_label": "Adresse Email",
                "input_placeholder": "vous@acme.test",
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_object_is_branding() {
        let ok = Branding::from_text("b.json", " {\"z\": 1, \"a\": 2}\n".into()).unwrap();
        assert_eq!(ok.as_str(), " {\"z\": 1, \"a\": 2}\n", "kept as written");
        for (text, words) in [
            ("[1]", "an array"),
            ("\"x\"", "a string"),
            ("null", "null"),
            ("{", "not valid JSON"),
            ("", "not valid JSON"),
        ] {
            let err = Branding::from_text("b.json", text.into()).unwrap_err();
            assert!(
                err.contains("b.json") && err.contains(words),
                "{text}: {err}"
            );
        }
        assert!(parse_file("/nonexistent/devapi-branding.json")
            .unwrap_err()
            .contains("cannot read /nonexistent/devapi-branding.json"));
    }

    #[test]
    fn the_sample_names_its_own_logo_and_keeps_the_english_names() {
        let sample = sample("http://127.0.0.1:4321");
        assert_eq!(sample["brand_logo"], "http://127.0.0.1:4321/dev/logo.svg");
        for lang in ["en", "fr"] {
            let words = &sample["localization"][lang];
            assert!(words["button_text"].as_str().unwrap().contains("Send"));
            assert!(words["input_label"].as_str().unwrap().contains("Email"));
        }
        assert!(LOGO_SVG.len() < 1024);
        assert!(LOGO_SVG.starts_with("<svg") && !LOGO_SVG.contains("<script"));
    }
}
