//! Serves a folder and generated pages over real HTTP on a port of its own.

use std::net::TcpListener;
use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;

use axum::extract::Request;
use axum::http::header::{HeaderName, ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Html;
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use tokio::sync::oneshot;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// A generated page: served at `path` with `html` as body and extra headers.
#[derive(Clone, Debug)]
pub struct Page {
    path: String,
    html: String,
    headers: Vec<(String, String)>,
}

impl Page {
    /// A page at `path` (e.g. `"/"` or `"/host.html"`), served as `text/html`.
    pub fn new(path: impl Into<String>, html: impl Into<String>) -> Page {
        Page {
            path: path.into(),
            html: html.into(),
            headers: Vec::new(),
        }
    }

    /// Adds a response header, e.g. `("content-security-policy", "script-src …")`.
    /// A `content-type` here replaces `text/html`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Page {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// An HTTP server on `127.0.0.1:<free port>`, stopped on drop.
///
/// Files come from a folder through tower-http's `ServeDir` (so `.wasm` is
/// `application/wasm` and `.js` is `text/javascript`, as a real host sends
/// them); generated [`Page`]s take precedence over files. Every response
/// carries `Access-Control-Allow-Origin: *`, like a CDN: the widget's loader
/// fetches its WebAssembly from the dist origin while running on the host
/// page's origin, which needs CORS.
pub struct StaticServer {
    origin: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves the files under `root`.
    pub fn start(root: PathBuf) -> StaticServer {
        StaticServer::serve(Some(root), Vec::new())
    }

    /// Serves the files under `root` (and `pages`) as a CDN does: a file's brotli
    /// twin (`name.br`, written beforehand) to browsers that accept `br`.
    pub fn brotli(root: PathBuf, pages: Vec<Page>) -> StaticServer {
        StaticServer::serve_with(Some(root), pages, None, true)
    }

    /// Serves the files under `root`, holding back the answer for each path that
    /// ends with `suffix` by `delay` (e.g. the wasm, to act on the page before it
    /// has arrived, whatever the engine's speed on localhost), and never cached.
    pub fn delaying(root: PathBuf, suffix: &'static str, delay: Duration) -> StaticServer {
        StaticServer::serve_with(Some(root), Vec::new(), Some((suffix, delay)), false)
    }

    /// Serves `pages`, and the files under `root` for every other path.
    pub fn with_pages(root: PathBuf, pages: Vec<Page>) -> StaticServer {
        StaticServer::serve(Some(root), pages)
    }

    /// Serves only `pages`; anything else is 404.
    pub fn pages(pages: Vec<Page>) -> StaticServer {
        StaticServer::serve(None, pages)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The absolute URL of `path` (which starts with `/`) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    fn serve(root: Option<PathBuf>, pages: Vec<Page>) -> StaticServer {
        StaticServer::serve_with(root, pages, None, false)
    }

    fn serve_with(
        root: Option<PathBuf>,
        pages: Vec<Page>,
        delay: Option<(&'static str, Duration)>,
        brotli: bool,
    ) -> StaticServer {
        // Bind before spawning so the port is known (and taken) when we return.
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let origin = format!("http://{}", listener.local_addr().expect("bound address"));
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let mut router = router(root, pages, brotli);
        if let Some((suffix, delay)) = delay {
            router = router.layer(middleware::from_fn(
                move |request: Request, next: Next| async move {
                    if !request.uri().path().ends_with(suffix) {
                        return next.run(request).await;
                    }
                    tokio::time::sleep(delay).await;
                    let mut response = next.run(request).await;
                    // Never from the cache: a reload waits for it too.
                    response
                        .headers_mut()
                        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
                    response
                },
            ));
        }
        let (stop, stopped) = oneshot::channel::<()>();
        // A thread with its own runtime: the server outlives no test, works from
        // sync code, and dropping the runtime closes every open connection at
        // once (a graceful shutdown would wait on the browser's keep-alives).
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)
                    .expect("tokio listener")
                    .tap_io(|stream| {
                        // TCP_NODELAY, as production servers and CDNs set it: without
                        // it a response written in two parts (head, then body) can
                        // wait ~40 ms for the browser's delayed ACK, which dominated
                        // load timings. Best effort: a socket that refuses is slower.
                        let _ = stream.set_nodelay(true);
                    });
                tokio::select! {
                    result = axum::serve(listener, router) => result.expect("static server"),
                    _ = stopped => {}
                }
            });
        });
        StaticServer {
            origin,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn router(root: Option<PathBuf>, pages: Vec<Page>, brotli: bool) -> Router {
    let mut router = Router::new();
    for page in pages {
        let headers = header_map(&page.headers);
        let html = page.html;
        router = router.route(
            &page.path,
            get(move || async move { (headers, Html(html)) }),
        );
    }
    if let Some(root) = root {
        let files = ServeDir::new(root);
        router = router.fallback_service(if brotli {
            files.precompressed_br()
        } else {
            files
        });
    }
    router.layer(SetResponseHeaderLayer::if_not_present(
        ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    ))
}

fn header_map(headers: &[(String, String)]) -> HeaderMap {
    headers
        .iter()
        .map(|(name, value)| {
            let name = HeaderName::try_from(name.as_str())
                .unwrap_or_else(|_| panic!("invalid header name {name:?}"));
            let value = HeaderValue::try_from(value.as_str())
                .unwrap_or_else(|_| panic!("invalid value for header {name}: {value:?}"));
            (name, value)
        })
        .collect()
}
