//! `GET /api/v1/config`: the built-in sample and its logo, `--config FILE`,
//! client IDs, CORS and faults.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{assert_error, Server, CLIENT, CONFIG};
use reqwest::Method;
use serde_json::{json, Value};

/// A file in the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!("devapi-{}-{name}.json", std::process::id()));
        std::fs::write(&path, text).expect("writes the temporary file");
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn config(server: &Server) -> reqwest::blocking::Response {
    server.get(&server.api(CONFIG, ""))
}

#[test]
fn without_a_file_the_sample_is_served_with_its_logo_on_this_port() {
    let server = Server::default_for_tests();
    let response = config(&server);
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().unwrap();
    let logo = format!("http://127.0.0.1:{}/dev/logo.svg", server.port);
    assert_eq!(
        body,
        json!({
            "brand_name": "Acme",
            "btn_color": "#6d28d9",
            "brand_logo": logo,
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
    );

    let image = server.get(&logo);
    assert_eq!(image.status(), 200);
    let h = image.headers();
    assert_eq!(h["content-type"], "image/svg+xml");
    // Shown in an <img> on another origin: nothing may forbid that.
    assert_eq!(h["cross-origin-resource-policy"], "cross-origin");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(!h.contains_key("x-frame-options"));
    let svg = image.text().unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.len() < 1024, "{} bytes", svg.len());
}

#[test]
fn a_config_file_is_served_as_it_is() {
    let text = "{\n  \"zz_unknown\": [1, 2],\n  \"brand_name\": \"Globex\",\n  \
                \"btn_color\": \"rebeccapurple\",\n  \"localization\": {\"button_text\": \"Send\"}\n}\n";
    let file = TempFile::new("branding", text);
    let server = Server::start(&["--config", file.path()]);
    let response = config(&server);
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.text().unwrap(), text);
    // Read once, at start: a later edit does not change what is served.
    std::fs::write(&file.0, "{}").unwrap();
    assert_eq!(config(&server).text().unwrap(), text);
}

#[test]
fn a_bad_config_file_stops_devapi_before_it_listens() {
    let array = TempFile::new("array", "[{\"brand_name\": \"Acme\"}]");
    let broken = TempFile::new("broken", "{\"brand_name\": ");
    let missing = std::env::temp_dir().join(format!("devapi-{}-missing.json", std::process::id()));
    let missing = missing.to_str().unwrap();
    for (path, reason) in [
        (array.path(), "not an object (it is an array)"),
        (broken.path(), "is not valid JSON"),
        (missing, "cannot read"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_devapi"))
            .args(["--port", "0", "--config", path])
            .output()
            .expect("runs");
        assert!(!output.status.success(), "{path}");
        assert!(output.stdout.is_empty(), "never listened: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("--config") && stderr.contains(path) && stderr.contains(reason),
            "{stderr}"
        );
    }
}

#[test]
fn config_needs_a_client_id() {
    let server = Server::default_for_tests();
    for query in ["", "?client_id=", "?client_id=%20"] {
        let response = server.get(&format!("{}{query}", server.url(CONFIG)));
        assert_error(response, 400, "missing_client_id");
    }
    let by_header = server
        .http
        .get(server.url(CONFIG))
        .header("client_id", CLIENT)
        .send()
        .unwrap();
    assert_eq!(by_header.status(), 200);
}

#[test]
fn config_answers_cors() {
    let server = Server::default_for_tests();
    let origin = "http://127.0.0.1:5173";
    let preflight = server
        .http
        .request(Method::OPTIONS, server.api(CONFIG, ""))
        .header("origin", origin)
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "client_id")
        .send()
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(preflight.headers()["access-control-allow-origin"], origin);
    assert!(preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("client_id"));
    for url in [server.api(CONFIG, ""), server.url(CONFIG)] {
        let response = server
            .http
            .get(&url)
            .header("origin", origin)
            .send()
            .unwrap();
        assert_eq!(
            response.headers()["access-control-allow-origin"],
            origin,
            "{url}: the 200 and the 400 alike"
        );
    }
}

#[test]
fn faults_hit_config() {
    let server = Server::default_for_tests();
    server.fault(json!({"endpoint": "config", "status": 500}));
    server.fault(json!({"endpoint": "config", "status": 200, "body": "{not json"}));
    server.fault(json!({"endpoint": "config", "status": 503, "no_cors": true}));
    assert_error(config(&server), 500, "injected_fault");
    let malformed = config(&server);
    assert_eq!(malformed.status(), 200);
    assert_eq!(malformed.text().unwrap(), "{not json");
    let uncors = config(&server);
    assert_eq!(uncors.status(), 503);
    assert!(!uncors.headers().contains_key("access-control-allow-origin"));
    let normal = config(&server);
    assert_eq!(normal.status(), 200);
    assert_eq!(normal.json::<Value>().unwrap()["brand_name"], "Acme");
    // A link send is not disturbed by a config fault, nor config by a send's.
    server.fault(json!({"endpoint": "send", "status": 500}));
    assert_eq!(config(&server).status(), 200);
    let log: Vec<(String, u16, bool)> = server
        .requests()
        .iter()
        .map(|r| {
            (
                r["endpoint"].as_str().unwrap().to_owned(),
                r["status"].as_u64().unwrap() as u16,
                r["fault"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, u16, bool)> = [
        (500, true),
        (200, true),
        (503, true),
        (200, false),
        (200, false),
    ]
    .into_iter()
    .map(|(status, fault)| ("config".to_owned(), status, fault))
    .collect();
    assert_eq!(log, expected);
    assert!(server.requests().iter().all(|r| r["state"].is_null()));
}
