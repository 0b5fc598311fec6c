//! The pages the benchmark navigates to, generated per run because they name
//! the devapi port. Templates live in `pages/`; `{{…}}` marks what is filled in.

use e2e::Page;

const PROBE: &str = include_str!("pages/probe.js");

/// The `resend-cooldown` of the waiting page, in seconds: long enough that the
/// countdown still runs after the hidden window.
pub const WAITING_COOLDOWN_SECS: u64 = 120;

/// Pages served next to the widget's files (same origin, as on the demo page):
/// `/bench/blank.html`, `startup.html` (and `startup-de.html`, a German page, which
/// also loads `lang/de.json`), `compile.html`, `memory.html`, `waiting.html`.
pub fn widget_pages(api_base: &str) -> Vec<Page> {
    let fill = |template: &str| {
        template
            .replace("{{PROBE}}", PROBE)
            .replace("{{API_BASE}}", api_base)
            .replace("{{COOLDOWN}}", &WAITING_COOLDOWN_SECS.to_string())
            .replace("{{LANG}}", "en")
    };
    let german = include_str!("pages/startup.html").replace("{{LANG}}", "de");
    vec![
        Page::new("/bench/blank.html", include_str!("pages/blank.html")),
        Page::new(
            "/bench/startup.html",
            fill(include_str!("pages/startup.html")),
        ),
        Page::new("/bench/startup-de.html", fill(&german)),
        Page::new(
            "/bench/compile.html",
            fill(include_str!("pages/compile.html")),
        ),
        Page::new(
            "/bench/memory.html",
            fill(include_str!("pages/memory.html")),
        ),
        Page::new(
            "/bench/waiting.html",
            fill(include_str!("pages/waiting.html")),
        ),
    ]
}

/// The slow-network pages, served next to the widget's brotli files:
/// `/bench/slow.html` (English; `?send=1` also presses Send at once),
/// `/bench/slow-de.html` (German, with `lang/de.json`) and
/// `/bench/slow-preload.html` (English, with the build's `preload-hints.html` in
/// its head).
pub fn slow_pages(api_base: &str, hints: &str) -> Vec<Page> {
    let fill = |lang: &str, hints: &str| {
        include_str!("pages/slow.html")
            .replace("{{PROBE}}", PROBE)
            .replace("{{API_BASE}}", api_base)
            .replace("{{LANG}}", lang)
            .replace("{{HINTS}}", hints)
    };
    // The hints name the files relative to the page that has them; ours is in /bench/.
    let hints = hints.replace("href=\"", "href=\"/");
    vec![
        Page::new("/bench/blank.html", include_str!("pages/blank.html")),
        Page::new("/bench/slow.html", fill("en", "")),
        Page::new("/bench/slow-de.html", fill("de", "")),
        Page::new("/bench/slow-preload.html", fill("en", &hints)),
    ]
}

/// Pages served next to Hanko Elements' `dist` files: `/bench/blank.html`,
/// `/bench/hanko.html`.
pub fn hanko_pages(devapi_origin: &str) -> Vec<Page> {
    let hanko = include_str!("pages/hanko.html")
        .replace("{{PROBE}}", PROBE)
        .replace("{{DEVAPI}}", devapi_origin);
    vec![
        Page::new("/bench/blank.html", include_str!("pages/blank.html")),
        Page::new("/bench/hanko.html", hanko),
    ]
}
