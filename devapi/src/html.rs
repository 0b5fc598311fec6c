//! HTML helpers: escaping and the shared page shell.
//!
//! Every value that reaches a page (e-mail addresses, links, client IDs) came
//! from a request, so everything interpolated goes through [`escape`].

/// Escapes text for use in HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A complete page. `title` is escaped here; `head_extra` and `body` must
/// already be safe HTML.
pub fn page(title: &str, head_extra: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{title}</title>\n{head_extra}<style>{STYLE}</style>\n</head>\n\
         <body>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        title = escape(title),
    )
}

/// Minimal styling so the pages are pleasant to click through by hand.
const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}\
main{max-width:46rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;\
box-shadow:0 1px 3px rgba(0,0,0,.12)}\
button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#2456d3;color:#fff;cursor:pointer}\
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #e3e5e8;\
vertical-align:top}code{word-break:break-all}.muted{color:#5b6470}\
.otp{font-size:1.6rem;font-weight:700;letter-spacing:.2em}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("jörg@bücher.de"), "jörg@bücher.de");
    }

    #[test]
    fn page_escapes_title() {
        let html = page("<x>", "", "<p>ok</p>");
        assert!(html.contains("<title>&lt;x&gt;</title>"));
        assert!(html.contains("<p>ok</p>"));
    }
}
