//! `sessionStorage`, with its failures as values.
//!
//! Storage can be missing (some embedded browsers), blocked (third-party iframes,
//! strict privacy settings: reading `window.sessionStorage` throws `SecurityError`),
//! or full (`QuotaExceededError` on write). None of that may break sign-in: every
//! value is also kept in memory for the life of the page, and reads fall back to it.

use std::cell::RefCell;

/// Why `sessionStorage` could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser has no `sessionStorage`.
    Missing,
    /// Reading `sessionStorage` threw (e.g. `SecurityError`).
    Blocked,
    /// A write threw (e.g. `QuotaExceededError`).
    WriteFailed,
}

thread_local! {
    /// Values written this page life, so a remount finds them when storage failed.
    static MEMORY: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn session_storage() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or(StorageError::Missing)?;
    match window.session_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err(StorageError::Missing),
        Err(_) => Err(StorageError::Blocked),
    }
}

/// The stored value for `key`: what this page wrote (memory is always current, even
/// when a write to a full storage failed), else what `sessionStorage` holds from
/// before a reload.
pub fn load(key: &str) -> Option<String> {
    let remembered = MEMORY.with(|m| {
        m.borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    });
    remembered.or_else(|| session_storage().ok()?.get_item(key).ok()?)
}

/// Stores `value` under `key`. It is kept in memory even when this fails.
pub fn save(key: &str, value: &str) -> Result<(), StorageError> {
    forget_in_memory(key);
    MEMORY.with(|m| m.borrow_mut().push((key.to_owned(), value.to_owned())));
    session_storage()?
        .set_item(key, value)
        .map_err(|_| StorageError::WriteFailed)
}

/// Removes `key` everywhere.
pub fn remove(key: &str) -> Result<(), StorageError> {
    forget_in_memory(key);
    session_storage()?
        .remove_item(key)
        .map_err(|_| StorageError::WriteFailed)
}

fn forget_in_memory(key: &str) {
    MEMORY.with(|m| m.borrow_mut().retain(|(k, _)| k != key));
}
