// Type declarations for the magic-link-login widget: the `<magic-link-login>`
// element, its events and the `window.MagicLinkLogin` API of `magic-link-login.js`.
//
// Copy this file into your project (it ships next to the loader in `dist/`) and
// include it in your TypeScript program (tsconfig "include"/"files", or
// `/// <reference path="./magic-link-login.d.ts" />`). Its types can also be
// imported: `import type { AuthenticatedDetail } from './magic-link-login';`.

/** Stable, machine-readable code of a `magic-link-error` event. */
export type ErrorCode =
  | 'invalid_email'
  | 'rate_limited'
  | 'network'
  | 'timeout'
  | 'server'
  | 'bad_response'
  | 'expired'
  | 'cancelled'
  | 'config'
  | 'offline'
  | 'rejected'
  | 'invalid_code'
  | 'wrong_code'
  | 'config_unavailable';

/**
 * A key of the `texts` option and of the language files `lang/<tag>.json`: a text's
 * name, `errors.<code>` for each {@link ErrorCode}, `errors.rate_limited_for`
 * (the rate-limit message with a known wait).
 */
export type TextKey =
  | 'form_title'
  | 'email_label'
  | 'send'
  | 'sending'
  | 'send_in'
  | 'waiting_title'
  | 'waiting_body'
  | 'waiting_status'
  | 'match_code'
  | 'resend'
  | 'resend_in'
  | 'resending'
  | 'resent'
  | 'resend_ready'
  | 'use_different_email'
  | 'offline_waiting'
  | 'back_online'
  | 'signed_in_title'
  | 'signed_in_body'
  | 'expired_title'
  | 'expired_body'
  | 'send_new_link'
  | 'config_title'
  | 'server_said'
  | 'email_placeholder'
  | 'send_code'
  | 'sending_code'
  | 'code_title'
  | 'code_body'
  | 'code_label'
  | 'verify_code'
  | 'verifying'
  | 'code_status'
  | 'resend_code'
  | 'resending_code'
  | 'code_resent'
  | 'resend_code_ready'
  | 'enter_code_instead'
  | 'code_expired_title'
  | 'code_expired_body'
  | 'send_new_code'
  | 'cancelled_title'
  | 'cancelled_body'
  | 'errors.invalid_email'
  | 'errors.rate_limited_for'
  | 'errors.rate_limited'
  | 'errors.network'
  | 'errors.timeout'
  | 'errors.server'
  | 'errors.bad_response'
  | 'errors.expired'
  | 'errors.cancelled'
  | 'errors.config'
  | 'errors.offline'
  | 'errors.rejected'
  | 'errors.invalid_code'
  | 'errors.wrong_code'
  | 'errors.wrong_code_left'
  | 'errors.config_unavailable';

/** The counted texts: one template for every count, or one form per plural category. */
export type CountedTextKey =
  | 'waiting_status'
  | 'resent'
  | 'errors.rate_limited_for'
  | 'code_status'
  | 'code_resent'
  | 'errors.wrong_code_left';

/**
 * Texts to use instead of the language's, by key (e.g. `{ send: 'Email me a link' }`):
 * templates with `{n}` and `{email}` as in the language files; a counted text also
 * takes an array of the language's plural forms, in CLDR's order.
 */
export type TextOverrides = {
  [K in TextKey]?: K extends CountedTextKey ? string | readonly string[] : string;
};

/** `magic-link-sent`: a link was sent. */
export interface SentDetail {
  email: string;
}

/** `magic-link-resent`: a new link was sent; `count` resends so far (from 1). */
export interface ResentDetail {
  email: string;
  count: number;
}

/**
 * `magic-link-authenticated`: the sign-in is complete. The API's answer, as it gave
 * it. The widget never stores these tokens: this event is the only place they appear.
 */
export interface AuthenticatedDetail {
  access_token: string;
  refresh_token: string;
  token_type: string;
  /** When the access token expires, as the API sent it (an RFC 3339 date, e.g. `2030-05-18T12:28:22Z`). */
  expires_at: string;
  /** The signed-in user, as the API describes them. */
  user: Record<string, unknown>;
  id_token?: string;
  expires_in?: number;
  scope?: string;
}

/** `magic-link-expired`: the link expired before it was used. */
export interface ExpiredDetail {
  email: string;
}

/** `magic-link-error`: something went wrong; `message` is the text the widget shows. */
export interface ErrorDetail {
  code: ErrorCode;
  message: string;
}

/** The widget's events (`CustomEvent`s that bubble out of the shadow root). */
export interface MagicLinkLoginEventMap {
  'magic-link-sent': CustomEvent<SentDetail>;
  'magic-link-resent': CustomEvent<ResentDetail>;
  'magic-link-authenticated': CustomEvent<AuthenticatedDetail>;
  'magic-link-expired': CustomEvent<ExpiredDetail>;
  'magic-link-error': CustomEvent<ErrorDetail>;
}

/**
 * `<magic-link-login>`. Configured through attributes (`client-id`, `api-base`,
 * `resend-cooldown`, `poll-interval`, `link-ttl`, `request-timeout`, `redirect-uri`,
 * `lang`, `email`, `nonce`, `method`, `use-config`, `storage-key`, `texts`,
 * `no-shadow`); changing one at run time takes effect. Renders into an open shadow root (`shadowRoot`), or into
 * itself with `no-shadow`.
 */
export interface MagicLinkLoginElement extends HTMLElement {
  addEventListener<K extends keyof MagicLinkLoginElementEventMap>(
    type: K,
    listener: (this: MagicLinkLoginElement, event: MagicLinkLoginElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof MagicLinkLoginElementEventMap>(
    type: K,
    listener: (this: MagicLinkLoginElement, event: MagicLinkLoginElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** The element's events: every `HTMLElement` event and the widget's. */
export interface MagicLinkLoginElementEventMap extends HTMLElementEventMap, MagicLinkLoginEventMap {}

/** A callback of {@link MagicLinkLoginOptions}: the event's `detail`, then the event. */
export type MagicLinkLoginCallback<D> = (this: MagicLinkLoginElement, detail: D, event: CustomEvent<D>) => void;

/**
 * Options of {@link MagicLinkLoginApi.mount}: each becomes the attribute of the same
 * name in kebab case (`clientId` → `client-id`). `true` sets an attribute, `false`,
 * `null` and `undefined` remove it. The `on…` callbacks listen to the matching event.
 */
export interface MagicLinkLoginOptions {
  /** Sent as `client_id`; without it the widget shows a configuration error. */
  clientId?: string;
  /** Base URL of the API (default `https://api.ssojet.com/api/v1`). */
  apiBase?: string;
  /** Seconds before the first resend (default 30). */
  resendCooldown?: number | string;
  /** Milliseconds between status polls while the tab is visible (default 2000). */
  pollInterval?: number | string;
  /** Seconds a link stays valid (default 300). */
  linkTtl?: number | string;
  /** Milliseconds one request may take (default 15000). */
  requestTimeout?: number | string;
  /** Where to go after sign-in: `https:` (or `http:` on localhost) only. */
  redirectUri?: string;
  /** Language of the texts (default: the page's `lang`, else `en`). */
  lang?: string;
  /** Prefills the address. */
  email?: string;
  /** CSP nonce put on the `<style>` the widget inserts. */
  nonce?: string;
  /** Sign-in methods, the first is the primary: `'link'`, `'code'` or `'link code'`. */
  method?: 'link' | 'code' | 'link code' | string;
  /** Take branding (accent, logo, font) and form texts from the API's `GET /config` as defaults. */
  useConfig?: boolean;
  /** Separates the stored state of several widgets with the same client ID. */
  storageKey?: string;
  /** Texts to use instead of the language's (see {@link TextOverrides}); sent as JSON, or given as JSON text. */
  texts?: TextOverrides | string;
  /** Render into the element itself instead of a shadow root. */
  noShadow?: boolean;
  onSent?: MagicLinkLoginCallback<SentDetail>;
  onResent?: MagicLinkLoginCallback<ResentDetail>;
  onAuthenticated?: MagicLinkLoginCallback<AuthenticatedDetail>;
  onExpired?: MagicLinkLoginCallback<ExpiredDetail>;
  onError?: MagicLinkLoginCallback<ErrorDetail>;
}

/** What {@link MagicLinkLoginApi.mount} returns. */
export interface MagicLinkLoginHandle {
  /** The `<magic-link-login>` element. */
  readonly element: MagicLinkLoginElement;
  /** Removes the widget and its callbacks: its polling and timers stop. Idempotent. */
  unmount(): void;
}

/**
 * `window.MagicLinkLogin`, defined by `magic-link-login.js` as soon as it runs: a
 * frozen object in a property that cannot be assigned or deleted.
 */
export interface MagicLinkLoginApi {
  /**
   * Resolves (with this API) once `<magic-link-login>` is defined; rejects with an
   * `Error` saying why when the WebAssembly cannot be loaded.
   */
  readonly ready: Promise<MagicLinkLoginApi>;
  /**
   * Renders a widget into `target` (an element, or a CSS selector; a
   * `<magic-link-login>` itself is configured in place). Usable at once, before
   * `ready`: the element renders when the WebAssembly arrives.
   * @throws TypeError when `target` matches no element.
   */
  readonly mount: (target: Element | string, options?: MagicLinkLoginOptions) => MagicLinkLoginHandle;
}

declare global {
  interface Window {
    readonly MagicLinkLogin: MagicLinkLoginApi;
  }
  // A `var`, so that `globalThis.MagicLinkLogin` type-checks (TypeScript has no
  // read-only global var); the property itself cannot be assigned.
  // eslint-disable-next-line no-var
  var MagicLinkLogin: MagicLinkLoginApi;

  interface HTMLElementTagNameMap {
    'magic-link-login': MagicLinkLoginElement;
  }

  // The events bubble and are composed: a listener on any ancestor, the document or
  // the window receives them.
  interface GlobalEventHandlersEventMap extends MagicLinkLoginEventMap {}
}
