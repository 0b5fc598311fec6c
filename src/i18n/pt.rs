//! Portuguese, worded to read naturally in Brazil and in Portugal: third-person
//! imperatives ("Verifique", "Tente"), no "você"/"tu", and words both use ("link",
//! "e-mail", "conexão", "pedido").

use super::{pt_rule, ErrorTexts, Plural, Texts};

/// Portuguese texts. Plural forms follow [`pt_rule`]: one, many, other.
pub static PT: Texts = Texts {
    lang: "pt",
    rtl: false,
    form_title: "Entrar com e-mail",
    email_label: "Endereço de e-mail",
    send: "Enviar link mágico",
    sending: "Enviando o link…",
    waiting_title: "Verifique a sua caixa de entrada",
    waiting_body: "Um link de acesso foi enviado para {email}. Ao abri-lo em qualquer dispositivo, esta página inicia a sua sessão automaticamente.",
    waiting_status: Plural {
        rule: pt_rule,
        forms: &[
            "Link enviado para {email}. Poderá reenviá-lo em {n} segundo.",
            "Link enviado para {email}. Poderá reenviá-lo em {n} de segundos.",
            "Link enviado para {email}. Poderá reenviá-lo em {n} segundos.",
        ],
    },
    resend: "Reenviar link",
    resend_in: "Reenviar em {n} s",
    resending: "Enviando um novo link…",
    resent: Plural {
        rule: pt_rule,
        forms: &[
            "Um novo link está a caminho. Poderá pedir outro em {n} segundo.",
            "Um novo link está a caminho. Poderá pedir outro em {n} de segundos.",
            "Um novo link está a caminho. Poderá pedir outro em {n} segundos.",
        ],
    },
    resend_ready: "Já pode reenviar o link.",
    use_different_email: "Usar outro e-mail",
    offline_waiting: "Sem conexão à internet. Voltaremos a verificar assim que a conexão for restabelecida.",
    back_online: "A conexão foi restabelecida. Verificando se o link já foi aberto…",
    signed_in_title: "Sessão iniciada",
    signed_in_body: "Boas-vindas! Já pode continuar.",
    expired_title: "O seu link expirou",
    expired_body: "Por motivos de segurança, o link enviado para {email} deixou de funcionar.",
    send_new_link: "Enviar novo link",
    config_title: "Acesso indisponível",
    server_said: "Resposta do servidor:",
    errors: ErrorTexts {
        invalid_email: "Indique um endereço de e-mail válido, como nome@example.com.",
        rate_limited_for: Plural {
            rule: pt_rule,
            forms: &[
                "Tentativas em excesso. Tente novamente em {n} segundo.",
                "Tentativas em excesso. Tente novamente em {n} de segundos.",
                "Tentativas em excesso. Tente novamente em {n} segundos.",
            ],
        },
        rate_limited: "Tentativas em excesso. Aguarde um momento e tente novamente.",
        network: "Não foi possível comunicar com o serviço de acesso. Verifique a sua conexão; novas tentativas serão feitas automaticamente.",
        timeout: "O serviço de acesso não respondeu a tempo. Tente novamente.",
        server: "O serviço de acesso tem um problema neste momento. Tente novamente daqui a pouco.",
        bad_response: "O serviço de acesso enviou uma resposta que não foi possível ler. Tente novamente.",
        expired: "Este link de acesso expirou.",
        config: "Este formulário de acesso não está configurado corretamente. Fale com o responsável pelo site.",
        offline: "Sem conexão à internet. Conecte-se e tente novamente.",
        rejected: "O serviço de acesso recusou o pedido.",
    },
};
