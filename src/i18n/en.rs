//! English.

use super::{one_other, ErrorTexts, Plural, Texts};

/// English texts; the contract's accessible names are checked against these.
pub static EN: Texts = Texts {
    lang: "en",
    rtl: false,
    form_title: "Sign in with email",
    email_label: "Email address",
    send: "Send magic link",
    sending: "Sending your link…",
    send_in: "Try again in {n}s",
    waiting_title: "Check your inbox",
    waiting_body:
        "We sent a sign-in link to {email}. Open it on any device and this page signs you in.",
    waiting_status: Plural {
        rule: one_other,
        forms: &[
            "Link sent to {email}. You can resend it in {n} second.",
            "Link sent to {email}. You can resend it in {n} seconds.",
        ],
    },
    match_code: "Your code: {code}. Pick the same number when you open the link.",
    resend: "Resend link",
    resend_in: "Resend in {n}s",
    resending: "Sending a new link…",
    resent: Plural {
        rule: one_other,
        forms: &[
            "A new link is on its way. You can resend again in {n} second.",
            "A new link is on its way. You can resend again in {n} seconds.",
        ],
    },
    resend_ready: "You can resend the link now.",
    use_different_email: "Use a different email",
    offline_waiting: "You are offline. We will check again as soon as you are back online.",
    back_online: "You are back online. Checking whether you have opened the link…",
    signed_in_title: "You are signed in",
    signed_in_body: "Welcome! You can continue now.",
    expired_title: "Your link has expired",
    expired_body: "For your security, the link sent to {email} no longer works.",
    send_new_link: "Send a new link",
    config_title: "Sign-in is not available",
    server_said: "The server said:",
    email_placeholder: "",
    send_code: "Send sign-in code",
    sending_code: "Sending your code…",
    code_title: "Enter your code",
    code_body: "We sent a 6-digit code to {email}. Enter it below to sign in.",
    code_label: "Sign-in code",
    verify_code: "Sign in",
    verifying: "Checking your code…",
    code_status: Plural {
        rule: one_other,
        forms: &[
            "Code sent to {email}. You can resend it in {n} second.",
            "Code sent to {email}. You can resend it in {n} seconds.",
        ],
    },
    resend_code: "Resend code",
    resending_code: "Sending a new code…",
    code_resent: Plural {
        rule: one_other,
        forms: &[
            "A new code is on its way. You can resend again in {n} second.",
            "A new code is on its way. You can resend again in {n} seconds.",
        ],
    },
    resend_code_ready: "You can resend the code now.",
    enter_code_instead: "Enter a code instead",
    code_expired_title: "Your code has expired",
    code_expired_body: "For your security, the code sent to {email} no longer works.",
    send_new_code: "Send a new code",
    cancelled_title: "Sign-in cancelled",
    cancelled_body: "When the link sent to {email} was opened, a different number was picked, so this sign-in was stopped. If that was you, send a new link and pick the number shown here.",
    errors: ErrorTexts {
        invalid_email: "Please enter a valid email address, like name@example.com.",
        rate_limited_for: Plural {
            rule: one_other,
            forms: &[
                "Too many attempts. Please try again in {n} second.",
                "Too many attempts. Please try again in {n} seconds.",
            ],
        },
        rate_limited: "Too many attempts. Please wait a moment and try again.",
        network:
            "We could not reach the sign-in service. Check your connection; we will keep trying.",
        timeout: "The sign-in service is taking too long to answer. Please try again.",
        server: "The sign-in service has a problem right now. Please try again in a moment.",
        bad_response: "The sign-in service sent an answer we could not read. Please try again.",
        expired: "This sign-in link has expired.",
        cancelled: "This sign-in was cancelled because a different number was picked where the link was opened.",
        config: "This sign-in form is not set up correctly. Please contact the site owner.",
        offline: "You are offline. Connect to the internet and try again.",
        rejected: "The sign-in service refused the request.",
        invalid_code: "Enter the 6 digits from the email.",
        wrong_code: "That code is not right. Check the email and try again.",
        wrong_code_left: Plural {
            rule: one_other,
            forms: &[
                "That code is not right. {n} try left.",
                "That code is not right. {n} tries left.",
            ],
        },
        config_unavailable: "The sign-in form's branding could not be loaded.",
    },
};
