//! Spanish (neutral, for Spain and Latin America; "tú", as Spanish product
//! interfaces usually address their users).

use super::{es_rule, ErrorTexts, Plural, Texts};

/// Spanish texts. Plural forms follow [`es_rule`]: one, many, other.
pub static ES: Texts = Texts {
    lang: "es",
    rtl: false,
    form_title: "Iniciar sesión con correo electrónico",
    email_label: "Correo electrónico",
    send: "Enviar enlace mágico",
    sending: "Enviando el enlace…",
    waiting_title: "Revisa tu bandeja de entrada",
    waiting_body: "Hemos enviado un enlace de inicio de sesión a {email}. Ábrelo en cualquier dispositivo y esta página iniciará tu sesión automáticamente.",
    waiting_status: Plural {
        rule: es_rule,
        forms: &[
            "Enlace enviado a {email}. Podrás reenviarlo en {n} segundo.",
            "Enlace enviado a {email}. Podrás reenviarlo en {n} de segundos.",
            "Enlace enviado a {email}. Podrás reenviarlo en {n} segundos.",
        ],
    },
    resend: "Reenviar enlace",
    resend_in: "Reenviar en {n} s",
    resending: "Enviando un enlace nuevo…",
    resent: Plural {
        rule: es_rule,
        forms: &[
            "Un enlace nuevo está en camino. Podrás pedir otro en {n} segundo.",
            "Un enlace nuevo está en camino. Podrás pedir otro en {n} de segundos.",
            "Un enlace nuevo está en camino. Podrás pedir otro en {n} segundos.",
        ],
    },
    resend_ready: "Ya puedes reenviar el enlace.",
    use_different_email: "Usar otro correo electrónico",
    offline_waiting: "Estás sin conexión. Volveremos a comprobarlo en cuanto recuperes la conexión.",
    back_online: "Vuelves a tener conexión. Comprobando si has abierto el enlace…",
    signed_in_title: "Sesión iniciada",
    signed_in_body: "¡Te damos la bienvenida! Ya puedes continuar.",
    expired_title: "Tu enlace ha expirado",
    expired_body: "Por tu seguridad, el enlace enviado a {email} ya no funciona.",
    send_new_link: "Enviar un enlace nuevo",
    config_title: "El inicio de sesión no está disponible",
    server_said: "Respuesta del servidor:",
    errors: ErrorTexts {
        invalid_email: "Escribe una dirección de correo electrónico válida, por ejemplo, nombre@example.com.",
        rate_limited_for: Plural {
            rule: es_rule,
            forms: &[
                "Demasiados intentos. Vuelve a intentarlo en {n} segundo.",
                "Demasiados intentos. Vuelve a intentarlo en {n} de segundos.",
                "Demasiados intentos. Vuelve a intentarlo en {n} segundos.",
            ],
        },
        rate_limited: "Demasiados intentos. Espera un momento y vuelve a intentarlo.",
        network: "No pudimos conectar con el servicio de inicio de sesión. Revisa tu conexión; seguiremos intentándolo.",
        timeout: "El servicio de inicio de sesión está tardando demasiado en responder. Vuelve a intentarlo.",
        server: "El servicio de inicio de sesión tiene un problema en este momento. Vuelve a intentarlo en unos instantes.",
        bad_response: "El servicio de inicio de sesión envió una respuesta que no pudimos leer. Vuelve a intentarlo.",
        expired: "Este enlace de inicio de sesión ha expirado.",
        config: "Este formulario de inicio de sesión no está bien configurado. Ponte en contacto con el responsable del sitio.",
        offline: "Estás sin conexión. Conéctate a internet y vuelve a intentarlo.",
        rejected: "El servicio de inicio de sesión rechazó la solicitud.",
    },
};
