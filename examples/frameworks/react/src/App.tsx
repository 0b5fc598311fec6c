import { useState } from 'react';
// Defines <magic-link-login> and types it in JSX.
import 'magic-link-widget/react';

// The API to sign in against: ?api-base=… (the tests' devapi), else the demo's devapi.
const apiBase = new URLSearchParams(location.search).get('api-base') ?? 'http://127.0.0.1:8787/api/v1';

export function App() {
  const [email, setEmail] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <main>
      <h1>React 19</h1>
      {/* React 19 passes custom elements' attributes as written, and an `on…` prop
          whose value is a function listens to the event of that exact name. */}
      <magic-link-login
        client-id="cli_demo"
        api-base={apiBase}
        onmagic-link-authenticated={(event) => setEmail(String(event.detail.user.email))}
        onmagic-link-error={(event) => setError(event.detail.code)}
      />
      {email && <p id="signed-in">Signed in as {email}</p>}
      {error && <p id="last-error">Last error: {error}</p>}
    </main>
  );
}
