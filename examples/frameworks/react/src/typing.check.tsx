// Type-checked only (tsc in `npm run build`), never bundled: what
// magic-link-widget/react's JSX types must refuse.
import 'magic-link-widget/react';

export const accepted = (
  <magic-link-login
    client-id="cli_demo"
    resend-cooldown={60}
    use-config
    method="link code"
    onmagic-link-resent={(event) => event.detail.count.toFixed()}
  />
);

// @ts-expect-error client-id is required
export const withoutClient = <magic-link-login api-base="https://api.example.com" />;

// (A misspelt attribute such as resend-cooldwn is not caught: TypeScript lets any
// JSX attribute with a hyphen through, as it does data-*.)

export const wrongDetail = (
  // @ts-expect-error the sent event's detail has no count
  <magic-link-login client-id="cli_demo" onmagic-link-sent={(event) => event.detail.count} />
);

// @ts-expect-error texts is JSON text: the element has no properties to take an object
export const textsObject = <magic-link-login client-id="cli_demo" texts={{ send: 'Go' }} />;
