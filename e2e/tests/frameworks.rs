//! The framework examples (`examples/frameworks/{react,vue,svelte}`): each a Vite app
//! that installed the packed npm package, built for production and served over HTTP.
//! A person types an address, sends, confirms the link from devapi's outbox, and the
//! app shows the user it took from `magic-link-authenticated`. The same once through
//! Vite's dev server, which serves the package's files one by one and rewrites them,
//! and once from the unpacked package served as a CDN serves it, by one script tag.

use std::fs::read_to_string;
use std::path::PathBuf;

use common::WAIT;
use e2e::{workspace_root, Browser, DevApi, Page, StaticServer, ViteDevServer};

mod common;

/// The production build of the example `framework`.
///
/// # Panics
/// When it is missing, with the commands that build it.
fn example_build(framework: &str) -> PathBuf {
    let dist = workspace_root()
        .join("examples/frameworks")
        .join(framework)
        .join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "{} is missing: build the examples with scripts/build-framework-examples.sh \
         (after the release build)",
        dist.display()
    );
    dist
}

/// Signs in through the production build of the example `framework`.
async fn signs_in_through(framework: &str, heading: &str, email: &str) {
    let app = StaticServer::start(example_build(framework));
    signs_in_at(&app.url("/"), heading, email).await;
}

/// Signs in through the app at `app_url` and checks what the app shows.
async fn signs_in_at(app_url: &str, heading: &str, email: &str) {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let url = format!("{app_url}?api-base={}", devapi.api_base());
    browser.goto(&url).await;
    browser.wait_for_text(heading, WAIT).await;

    browser.type_into_textbox("Email", email).await;
    browser.click_button("Send").await;
    browser.wait_for_role("button", "Resend", WAIT).await;
    let outbox = devapi.wait_for_outbox(1, WAIT).await;
    assert_eq!(outbox[0].to, email);
    browser.confirm_link_in_new_tab(&outbox[0].link).await;

    browser
        .wait_for_text(&format!("Signed in as {email}"), WAIT)
        .await;
    browser.wait_for_text("You are signed in", WAIT).await;
    let errors = browser.page_text().await;
    assert!(!errors.contains("Last error"), "{errors}");
    browser.close().await;
}

#[tokio::test]
async fn react_19_app_signs_in_and_shows_the_user_from_the_event() {
    signs_in_through("react", "React 19", "react@example.com").await;
}

#[tokio::test]
async fn vue_3_app_signs_in_and_shows_the_user_from_the_event() {
    signs_in_through("vue", "Vue 3", "vue@example.com").await;
}

#[tokio::test]
async fn svelte_5_app_signs_in_and_shows_the_user_from_the_event() {
    signs_in_through("svelte", "Svelte 5", "svelte@example.com").await;
}

/// The language files reach a bundled app too: Vite emitted them under hashed names,
/// and the loader fetches them from there (not from next to the bundle).
#[tokio::test]
async fn a_bundled_app_speaks_german_from_the_file_vite_emitted() {
    let browser = Browser::start().await;
    let devapi = DevApi::start(&[]);
    let app = StaticServer::start(example_build("react"));
    let url = format!("{}?api-base={}", app.url("/"), devapi.api_base());
    browser.goto(&url).await;
    browser.wait_for_role("textbox", "Email", WAIT).await;
    browser
        .execute(
            "document.querySelector('magic-link-login').setAttribute('lang', 'de')",
            vec![],
        )
        .await;
    browser
        .wait_for_role("textbox", "E-Mail-Adresse", WAIT)
        .await;
    let fetched = browser
        .execute(
            "return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)
               .filter((path) => path.endsWith('.json'))",
            vec![],
        )
        .await;
    let fetched: Vec<String> = serde_json::from_value(fetched).expect("paths");
    assert!(
        fetched.len() == 1 && fetched[0].starts_with("/assets/de-"),
        "the German file, as Vite named it: {fetched:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn the_packages_folder_served_like_a_cdn_signs_in_by_one_script_tag() {
    let folder = workspace_root().join("target/npm/package");
    assert!(
        folder.join("package.json").is_file(),
        "{} is missing: pack it with node scripts/npm-pack.mjs dist-e2e",
        folder.display()
    );
    let cdn = StaticServer::start(folder);
    let host = StaticServer::pages(vec![Page::new(
        "/",
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head>
<body><h1>Any site</h1><magic-link-login client-id="cli_demo"></magic-link-login><p id="signed-in"></p>
<script src="{loader}" defer></script>
<script>
  const widget = document.querySelector('magic-link-login');
  widget.setAttribute('api-base', new URLSearchParams(location.search).get('api-base'));
  widget.addEventListener('magic-link-authenticated', (event) => {{
    document.getElementById('signed-in').textContent = 'Signed in as ' + event.detail.user.email;
  }});
</script></body></html>"#,
            loader = cdn.url("/magic-link-login.js")
        ),
    )]);
    signs_in_at(&host.url("/"), "Any site", "cdn@example.com").await;
}

#[tokio::test]
async fn react_app_under_vites_dev_server_signs_in() {
    let dev = ViteDevServer::start(&workspace_root().join("examples/frameworks/react"));
    signs_in_at(&dev.url("/"), "React 19", "dev@example.com").await;
}

/// Not a browser test: each README block marked `<!-- example: PATH -->` is a verbatim
/// excerpt of that file, so what the README shows is what these tests run.
#[test]
fn readme_blocks_are_excerpts_of_the_tested_examples() {
    let root = workspace_root();
    let readme = read_to_string(root.join("README.md")).expect("README.md");
    let marker = "<!-- example: ";
    let mut checked = Vec::new();
    for (at, _) in readme.match_indices(marker) {
        let (path, rest) = readme[at + marker.len()..]
            .split_once(" -->")
            .expect("a closed marker");
        let (_, fenced) = rest
            .split_once("```")
            .expect("a code block after the marker");
        let (_, body) = fenced.split_once('\n').expect("the fence's line");
        let (block, _) = body.split_once("```").expect("a closed code block");
        let file = read_to_string(root.join(path)).unwrap_or_else(|_| panic!("{path}"));
        assert!(
            file.contains(block),
            "the README's block marked {path} is not in that file:\n{block}"
        );
        checked.push(path);
    }
    for framework in ["react", "vue", "svelte"] {
        assert!(
            checked.iter().any(|path| path.contains(framework)),
            "no README block from the {framework} example: {checked:?}"
        );
    }
}
