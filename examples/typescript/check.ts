// Compile-time check of loader/magic-link-login.d.ts (nothing here runs): every
// declaration is used once, and misuses are marked @ts-expect-error, so a wrong or
// missing type fails `node_modules/.bin/tsc --noEmit -p examples/typescript`.
import type {
  AuthenticatedDetail,
  CountedTextKey,
  ErrorCode,
  ErrorDetail,
  ExpiredDetail,
  MagicLinkLoginApi,
  MagicLinkLoginCallback,
  MagicLinkLoginElement,
  MagicLinkLoginElementEventMap,
  MagicLinkLoginEventMap,
  MagicLinkLoginHandle,
  MagicLinkLoginOptions,
  ResentDetail,
  SentDetail,
  TextKey,
  TextOverrides,
} from '../../loader/magic-link-login';

// The global API, through `window` and as a global.
const api: MagicLinkLoginApi = window.MagicLinkLogin;
const ready: Promise<MagicLinkLoginApi> = MagicLinkLogin.ready;
ready.then((loaded) => loaded.mount('#login', { clientId: 'cli_123' })).catch((error: Error) => console.error(error.message));

// The element, by tag name.
const element: MagicLinkLoginElement = document.createElement('magic-link-login');
element.setAttribute('client-id', 'cli_123');
const found: MagicLinkLoginElement | null = document.querySelector('magic-link-login');
const shadow: ShadowRoot | null = element.shadowRoot;

// Events on the element, an ancestor, the document and the window.
element.addEventListener('magic-link-sent', (event) => {
  const detail: SentDetail = event.detail;
  console.log(detail.email.toLowerCase());
});
element.addEventListener('magic-link-resent', function (event) {
  const self: MagicLinkLoginElement = this;
  const detail: ResentDetail = event.detail;
  console.log(self.id, detail.email, detail.count + 1);
});
document.addEventListener('magic-link-authenticated', (event) => {
  const tokens: AuthenticatedDetail = event.detail;
  const optional: [string | undefined, number | undefined, string | undefined] = [tokens.id_token, tokens.expires_in, tokens.scope];
  console.log(tokens.access_token, tokens.refresh_token, tokens.token_type, tokens.expires_at, tokens.user['email'], optional);
});
window.addEventListener('magic-link-expired', (event) => {
  const detail: ExpiredDetail = event.detail;
  console.log(detail.email);
});
document.body.addEventListener('magic-link-error', (event) => {
  const detail: ErrorDetail = event.detail;
  const code: ErrorCode = detail.code;
  if (code === 'rate_limited' || code === 'offline') console.log(detail.message);
  // @ts-expect-error: not one of the error codes
  if (code === 'teapot') console.log('never');
});
element.addEventListener('click', (event: MouseEvent) => console.log(event.button));
element.removeEventListener('magic-link-sent', () => undefined);
const listener = (event: MagicLinkLoginEventMap['magic-link-error']) => console.log(event.detail.code);
element.addEventListener('magic-link-error', listener);
const keydown: MagicLinkLoginElementEventMap['keydown'] = new KeyboardEvent('keydown');
// @ts-expect-error: the sent event carries no tokens
element.addEventListener('magic-link-sent', (event) => event.detail.access_token);

// Texts by key: a counted text also takes its plural forms, any other text a string.
const texts: TextOverrides = {
  send: 'Email me a link',
  resent: ['Sent again ({n} second).', 'Sent again ({n} seconds).'],
  'errors.network': 'No connection.',
};
const key: TextKey = 'errors.rate_limited_for';
const counted: CountedTextKey = 'waiting_status';
console.log(texts[key], texts[counted]);
// @ts-expect-error: not a text key
const misspelt: TextOverrides = { sned: 'Email me a link' };
// @ts-expect-error: only counted texts take forms
const forms: TextOverrides = { send: ['Send', 'Send'] };

// mount(), with every option and callback.
const onAuthenticated: MagicLinkLoginCallback<AuthenticatedDetail> = function (tokens, event) {
  const self: MagicLinkLoginElement = this;
  console.log(self.localName, tokens.access_token, event.detail.token_type);
};
const options: MagicLinkLoginOptions = {
  clientId: 'cli_123',
  apiBase: 'https://api.example.com/api/v1',
  resendCooldown: 30,
  pollInterval: '2000',
  linkTtl: 300,
  requestTimeout: 15000,
  redirectUri: 'https://app.example.com/welcome',
  lang: 'fr',
  email: 'ana@example.com',
  nonce: 'r4nd0m',
  storageKey: 'second',
  texts,
  noShadow: false,
  onSent: (detail) => console.log(detail.email),
  onResent: (detail) => console.log(detail.count),
  onAuthenticated,
  onExpired: (detail, event) => console.log(detail.email, event.type),
  onError: ({ code, message }) => console.log(code, message),
};
const handle: MagicLinkLoginHandle = api.mount(document.body, options);
const mounted: MagicLinkLoginElement = handle.element;
handle.unmount();
api.mount(mounted);
// @ts-expect-error: options are camelCase and typed
api.mount(document.body, { clientId: 123 });
// @ts-expect-error: `texts` keys are the text keys
api.mount(document.body, { texts: { title: 'Sign in' } });
// @ts-expect-error: callbacks receive the detail of their own event
api.mount(document.body, { onSent: (detail: AuthenticatedDetail) => detail });

export { found, shadow, keydown, misspelt, forms };
