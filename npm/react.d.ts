/**
 * `<magic-link-login>` in React 19's JSX, typed. One import defines the element and
 * brings these types:
 *
 *     import 'magic-link-widget/react';
 *
 * Attributes as React 19 passes them to a custom element (kebab case, as in HTML;
 * `texts` as JSON text, since the element has no properties), and one `on…` prop per
 * event, named exactly after it (`onmagic-link-authenticated`).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MagicLinkLoginElement, MagicLinkLoginEventMap, MagicLinkLoginOptions } from './magic-link-login.js';

export * from './magic-link-login.js';

/** `clientId` → `client-id`. */
type Kebab<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : S;

type AttributeOptions = Omit<MagicLinkLoginOptions, `on${string}` | 'clientId' | 'texts'>;

/** The element's attributes (see the README's table). */
export type MagicLinkLoginAttributes = {
  [K in keyof AttributeOptions as Kebab<K & string>]?: AttributeOptions[K];
} & {
  'client-id': string;
  /** Texts instead of the language's, as JSON text (`JSON.stringify(overrides)`). */
  texts?: string;
};

/** One listener prop per event: `onmagic-link-sent`, …, `onmagic-link-error`. */
export type MagicLinkLoginEventProps = {
  [K in keyof MagicLinkLoginEventMap as `on${K}`]?: (event: MagicLinkLoginEventMap[K]) => void;
};

/** Everything `<magic-link-login>` takes in JSX. */
export type MagicLinkLoginProps = DetailedHTMLProps<HTMLAttributes<MagicLinkLoginElement>, MagicLinkLoginElement> &
  MagicLinkLoginAttributes &
  MagicLinkLoginEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'magic-link-login': MagicLinkLoginProps;
    }
  }
}
