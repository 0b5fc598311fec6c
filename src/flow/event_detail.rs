//! The `detail` of each host event, as the widget contract defines it (README,
//! "Events"): serde types, so the shape is written down once and tested on the host.

use super::Notice;
use crate::data::Json;
use crate::i18n::Texts;
use serde::Serialize;

#[derive(Serialize)]
struct EmailDetail<'a> {
    email: &'a str,
}

#[derive(Serialize)]
struct ResentDetail<'a> {
    email: &'a str,
    count: u32,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    /// The widget's words for the code, never the API's own text.
    message: String,
}

/// The event's `detail` for `notice`.
pub fn detail(notice: &Notice, texts: &Texts) -> Option<Json> {
    match notice {
        Notice::Sent { email } | Notice::Expired { email } => Json::of(&EmailDetail { email }),
        Notice::Resent { email, count } => Json::of(&ResentDetail {
            email,
            count: *count,
        }),
        Notice::Authenticated(session) => Json::of(session),
        Notice::Error(failure) => Json::of(&ErrorDetail {
            code: failure.code.as_str(),
            message: texts.error_message(failure.code, failure.retry_after_s),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::response::Session;
    use crate::error::{ErrorCode, Failure};
    use crate::i18n::texts_for;

    fn detail_text(notice: Notice) -> Option<Json> {
        detail(&notice, texts_for(Some("en")))
    }

    fn json(text: &str) -> Option<Json> {
        Json::parse(text)
    }

    #[test]
    fn each_notice_has_the_contract_detail() {
        let email = || "ana@example.com".to_owned();
        assert_eq!(
            detail_text(Notice::Sent { email: email() }),
            json(r#"{"email":"ana@example.com"}"#)
        );
        assert_eq!(
            detail_text(Notice::Expired { email: email() }),
            json(r#"{"email":"ana@example.com"}"#)
        );
        assert_eq!(
            detail_text(Notice::Resent {
                email: email(),
                count: 2
            }),
            json(r#"{"email":"ana@example.com","count":2}"#)
        );
        assert_eq!(
            detail_text(Notice::Error(Failure::rate_limited(Some(7)))),
            json(
                r#"{"code":"rate_limited","message":"Too many attempts. Please try again in 7 seconds."}"#
            )
        );
        let session = Session {
            access_token: Some("at".into()),
            user: json(r#"{"id":"u1"}"#),
            ..Session::default()
        };
        assert_eq!(
            detail_text(Notice::Authenticated(Box::new(session))),
            json(r#"{"access_token":"at","user":{"id":"u1"}}"#)
        );
    }

    #[test]
    fn error_details_carry_the_widgets_words_not_the_apis() {
        let failure = Failure::new(ErrorCode::InvalidEmail).with_detail(Some("<b>bad</b>"));
        let text = detail_text(Notice::Error(failure)).unwrap().to_text();
        assert!(!text.contains("<b>"), "{text}");
    }
}
