//! German (formal "Sie", as German product interfaces address their users).

use super::{one_other, ErrorTexts, Plural, Texts};

/// German texts.
pub static DE: Texts = Texts {
    lang: "de",
    rtl: false,
    form_title: "Mit E-Mail anmelden",
    email_label: "E-Mail-Adresse",
    send: "Anmeldelink senden",
    sending: "Link wird gesendet…",
    waiting_title: "Prüfen Sie Ihren Posteingang",
    waiting_body: "Wir haben einen Anmeldelink an {email} gesendet. Öffnen Sie ihn auf einem beliebigen Gerät – diese Seite meldet Sie dann automatisch an.",
    waiting_status: Plural {
        rule: one_other,
        forms: &[
            "Link an {email} gesendet. Sie können ihn in {n} Sekunde erneut senden.",
            "Link an {email} gesendet. Sie können ihn in {n} Sekunden erneut senden.",
        ],
    },
    resend: "Link erneut senden",
    resend_in: "Erneut senden in {n} s",
    resending: "Neuer Link wird gesendet…",
    resent: Plural {
        rule: one_other,
        forms: &[
            "Ein neuer Link ist unterwegs. In {n} Sekunde können Sie ihn erneut senden.",
            "Ein neuer Link ist unterwegs. In {n} Sekunden können Sie ihn erneut senden.",
        ],
    },
    resend_ready: "Sie können den Link jetzt erneut senden.",
    use_different_email: "Andere E-Mail-Adresse verwenden",
    offline_waiting: "Sie sind offline. Wir prüfen erneut, sobald Sie wieder online sind.",
    back_online: "Sie sind wieder online. Wir prüfen, ob Sie den Link geöffnet haben …",
    signed_in_title: "Sie sind angemeldet",
    signed_in_body: "Willkommen! Sie können jetzt fortfahren.",
    expired_title: "Ihr Link ist abgelaufen",
    expired_body: "Zu Ihrer Sicherheit funktioniert der an {email} gesendete Link nicht mehr.",
    send_new_link: "Neuen Link senden",
    config_title: "Anmeldung nicht verfügbar",
    server_said: "Meldung des Servers:",
    errors: ErrorTexts {
        invalid_email: "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.",
        rate_limited_for: Plural {
            rule: one_other,
            forms: &[
                "Zu viele Versuche. Bitte versuchen Sie es in {n} Sekunde erneut.",
                "Zu viele Versuche. Bitte versuchen Sie es in {n} Sekunden erneut.",
            ],
        },
        rate_limited: "Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.",
        network: "Der Anmeldedienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung – wir versuchen es weiter.",
        timeout: "Der Anmeldedienst antwortet nicht rechtzeitig. Bitte versuchen Sie es erneut.",
        server: "Beim Anmeldedienst ist gerade ein Problem aufgetreten. Bitte versuchen Sie es gleich noch einmal.",
        bad_response: "Die Antwort des Anmeldedienstes konnte nicht gelesen werden. Bitte versuchen Sie es erneut.",
        expired: "Dieser Anmeldelink ist abgelaufen.",
        config: "Dieses Anmeldeformular ist nicht richtig eingerichtet. Bitte wenden Sie sich an den Betreiber der Website.",
        offline: "Sie sind offline. Stellen Sie eine Internetverbindung her und versuchen Sie es erneut.",
        rejected: "Der Anmeldedienst hat die Anfrage abgelehnt.",
    },
};
