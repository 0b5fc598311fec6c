//! French ("vous"; French typography: a no-break space before `:` and a narrow
//! no-break space before `!`).

use super::{fr_rule, ErrorTexts, Plural, Texts};

/// French texts. Plural forms follow [`fr_rule`]: one, many, other.
pub static FR: Texts = Texts {
    lang: "fr",
    rtl: false,
    form_title: "Se connecter par e-mail",
    email_label: "Adresse e-mail",
    send: "Envoyer le lien magique",
    sending: "Envoi de votre lien…",
    waiting_title: "Consultez votre boîte de réception",
    waiting_body: "Nous avons envoyé un lien de connexion à {email}. Ouvrez-le sur n’importe quel appareil et cette page vous connectera automatiquement.",
    waiting_status: Plural {
        rule: fr_rule,
        forms: &[
            "Lien envoyé à {email}. Vous pourrez le renvoyer dans {n} seconde.",
            "Lien envoyé à {email}. Vous pourrez le renvoyer dans {n} de secondes.",
            "Lien envoyé à {email}. Vous pourrez le renvoyer dans {n} secondes.",
        ],
    },
    resend: "Renvoyer le lien",
    resend_in: "Renvoyer dans {n} s",
    resending: "Envoi d’un nouveau lien…",
    resent: Plural {
        rule: fr_rule,
        forms: &[
            "Un nouveau lien est en route. Vous pourrez en demander un autre dans {n} seconde.",
            "Un nouveau lien est en route. Vous pourrez en demander un autre dans {n} de secondes.",
            "Un nouveau lien est en route. Vous pourrez en demander un autre dans {n} secondes.",
        ],
    },
    resend_ready: "Vous pouvez maintenant renvoyer le lien.",
    use_different_email: "Utiliser une autre adresse e-mail",
    offline_waiting: "Vous êtes hors ligne. Nous vérifierons à nouveau dès que la connexion sera rétablie.",
    back_online: "Vous êtes de nouveau en ligne. Nous vérifions si vous avez ouvert le lien…",
    signed_in_title: "Connexion réussie",
    signed_in_body: "Bienvenue\u{202f}! Vous pouvez maintenant continuer.",
    expired_title: "Votre lien a expiré",
    expired_body: "Pour votre sécurité, le lien envoyé à {email} n’est plus valide.",
    send_new_link: "Envoyer un nouveau lien",
    config_title: "Connexion indisponible",
    server_said: "Réponse du serveur\u{a0}:",
    errors: ErrorTexts {
        invalid_email: "Veuillez saisir une adresse e-mail valide, par exemple nom@example.com.",
        rate_limited_for: Plural {
            rule: fr_rule,
            forms: &[
                "Trop de tentatives. Veuillez réessayer dans {n} seconde.",
                "Trop de tentatives. Veuillez réessayer dans {n} de secondes.",
                "Trop de tentatives. Veuillez réessayer dans {n} secondes.",
            ],
        },
        rate_limited: "Trop de tentatives. Veuillez patienter un instant, puis réessayer.",
        network: "Impossible de joindre le service de connexion. Vérifiez votre accès à Internet. Nous continuons d’essayer.",
        timeout: "Le service de connexion met trop de temps à répondre. Veuillez réessayer.",
        server: "Le service de connexion rencontre un problème. Veuillez réessayer dans quelques instants.",
        bad_response: "Le service de connexion a envoyé une réponse illisible. Veuillez réessayer.",
        expired: "Ce lien de connexion a expiré.",
        config: "Ce formulaire de connexion n’est pas configuré correctement. Veuillez contacter le responsable du site.",
        offline: "Vous êtes hors ligne. Connectez-vous à Internet, puis réessayez.",
        rejected: "Le service de connexion a refusé la demande.",
    },
};
