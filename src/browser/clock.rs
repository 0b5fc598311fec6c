//! The wall clock. The only place the widget reads the time; everything else gets
//! `now` passed in.

/// Milliseconds since the Unix epoch.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}
