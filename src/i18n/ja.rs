//! Japanese (polite です/ます style; no space between Japanese and embedded Latin
//! text, full-width punctuation).

use super::{other_only, ErrorTexts, Plural, Texts};

/// Japanese texts. Japanese has one plural form ([`other_only`]).
pub static JA: Texts = Texts {
    lang: "ja",
    rtl: false,
    form_title: "メールアドレスでログイン",
    email_label: "メールアドレス",
    send: "ログインリンクを送信",
    sending: "リンクを送信しています…",
    waiting_title: "受信トレイをご確認ください",
    waiting_body: "{email}にログイン用のリンクを送信しました。いずれかのデバイスでリンクを開くと、このページで自動的にログインします。",
    waiting_status: Plural {
        rule: other_only,
        forms: &["{email}にリンクを送信しました。{n}秒後に再送信できます。"],
    },
    resend: "リンクを再送信",
    resend_in: "{n}秒後に再送信",
    resending: "新しいリンクを送信しています…",
    resent: Plural {
        rule: other_only,
        forms: &["新しいリンクを送信しました。{n}秒後に再度送信できます。"],
    },
    resend_ready: "リンクを再送信できるようになりました。",
    use_different_email: "別のメールアドレスを使用",
    offline_waiting: "オフラインです。オンラインに戻りしだい、もう一度確認します。",
    back_online: "オンラインに戻りました。リンクが開かれたか確認しています…",
    signed_in_title: "ログインしました",
    signed_in_body: "ようこそ！このまま続行できます。",
    expired_title: "リンクの有効期限が切れました",
    expired_body: "セキュリティ保護のため、{email}に送信したリンクは無効になりました。",
    send_new_link: "新しいリンクを送信",
    config_title: "ログインを利用できません",
    server_said: "サーバーからのメッセージ：",
    errors: ErrorTexts {
        invalid_email: "有効なメールアドレスを入力してください（例：name@example.com）。",
        rate_limited_for: Plural {
            rule: other_only,
            forms: &["試行回数が多すぎます。{n}秒後にもう一度お試しください。"],
        },
        rate_limited: "試行回数が多すぎます。しばらく待ってから、もう一度お試しください。",
        network: "ログインサービスに接続できませんでした。通信環境をご確認ください。自動で再試行を続けます。",
        timeout: "ログインサービスの応答に時間がかかっています。もう一度お試しください。",
        server: "ログインサービスで問題が発生しています。しばらくしてからもう一度お試しください。",
        bad_response: "ログインサービスから読み取れない応答が返されました。もう一度お試しください。",
        expired: "このログインリンクは有効期限が切れています。",
        config: "このログインフォームは正しく設定されていません。サイトの管理者にお問い合わせください。",
        offline: "オフラインです。インターネットに接続してから、もう一度お試しください。",
        rejected: "ログインサービスがリクエストを拒否しました。",
    },
};
