//! The navigation room: after a sign-in, follows the flow's decision unless the page
//! cancelled `magic-link-authenticated`.

use crate::config::is_allowed_redirect;
use crate::flow::Navigation;
use gloo_timers::callback::Timeout;

/// Carries out `navigation`; `cancelled`: the page said "do not redirect".
pub fn follow(navigation: Navigation, cancelled: bool) {
    let Navigation::To(url) = navigation else {
        return;
    };
    // Checked again here: settings built in Rust code could hold anything.
    if cancelled || !is_allowed_redirect(&url) {
        return;
    }
    // On the next task, so that work the page started in its
    // `magic-link-authenticated` listener (a fetch to its backend) is under way
    // before the page unloads.
    Timeout::new(0, move || {
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign(&url);
        }
    })
    .forget();
}
