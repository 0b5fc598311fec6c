//! Talking to the magic-link API: what its answers mean (`response`, pure) and the
//! browser HTTP client that fetches them (`client`).

#[cfg(target_arch = "wasm32")]
pub mod client;
pub mod response;
pub mod retry_after;
