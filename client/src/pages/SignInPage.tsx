import { useEffect, useState, type SubmitEvent } from 'react';
import { ApiError, authApi } from '../api';
import { navigate } from '../app/router';
import { useSession } from '../app/session';

export function SignInPage({ next }: { next: string | null }) {
  const { me, signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const user = await authApi.login(email.trim(), password);
      signedIn(user);
      navigate(next ?? '/', { replace: true });
    } catch (err) {
      setError(signInError(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <div className="signin__card">
        <h1 className="signin__brand">Concord</h1>
        <p className="signin__lede">Draft together. Publish only what everyone agreed.</p>
        {me && (
          <p className="signin__note">
            You are signed in as {me.name}.{' '}
            <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
              Go to your documents
            </a>
          </p>
        )}
        <form className="form" onSubmit={submit} data-testid="signin-form">
          <label className="field">
            <span>Email</span>
            <input
              name="email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              autoFocus
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </label>
          {error && (
            <p className="form__error" role="alert" data-testid="signin-error">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary button--wide" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="signin__help">Forgot your password? Ask whoever runs Concord for your commission to reset it.</p>
        <DemoHint />
      </div>
    </main>
  );
}

type DemoAccounts = NonNullable<Awaited<ReturnType<typeof authApi.demo>>>;

/** Only a server running on the demo content it created answers with accounts (GET /api/auth/demo); elsewhere nothing shows. */
function DemoHint() {
  const [demo, setDemo] = useState<DemoAccounts | null>(null);
  useEffect(() => {
    let live = true;
    void authApi.demo().then((d) => live && setDemo(d));
    return () => {
      live = false;
    };
  }, []);
  if (!demo) return null;
  const first = demo.accounts.find((a) => a.role === 'author') ?? demo.accounts[0];
  if (!first) return null;
  const others = demo.accounts.filter((a) => a !== first);
  return (
    <div className="signin__demo" role="note" data-testid="demo-hint">
      <p>
        Demo: sign in as <strong>{first.email}</strong> with password <strong>{demo.password}</strong>.
      </p>
      {others.length > 0 && (
        <details>
          <summary>Other demo accounts (same password)</summary>
          <ul>
            {others.map((a) => (
              <li key={a.email}>
                {a.email} <span className="muted">({a.role})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function signInError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'Wrong email or password.';
    if (err.status === 429) return 'Too many sign-in attempts. Wait a few minutes, then try again.';
    if (err.isNetwork) return 'Cannot reach the Concord server. Check your connection and try again.';
    if (err.status === 400) return 'Enter your email and password.';
    return `Sign-in failed: ${err.message}`;
  }
  return 'Sign-in failed. Try again.';
}
