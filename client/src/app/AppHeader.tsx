/** The top bar on every signed-in page: brand, page-specific middle, who I am. */
import { useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from './use-dismiss';
import { useMe, useSession } from './session';
import { navigate } from './router';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { readableOn } from './readable-color';
import { NotificationBell } from '../notifications/NotificationBell';
import { EmailSettingsDialog } from '../rounds/EmailSettingsDialog';

export function AppHeader({ children, aside }: { children?: ReactNode; aside?: ReactNode }) {
  const ref = useHeaderHeight();
  return (
    // A class rather than `:has(.app-header__aside)` in the CSS: the save status inside the aside
    // changes class at every keystroke, and each change made Chromium re-check the :has() (issue 11).
    <header className={aside ? 'app-header app-header--with-aside' : 'app-header'} ref={ref}>
      <a
        className="app-header__brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        Concord
      </a>
      <div className="app-header__middle">{children}</div>
      {aside && <div className="app-header__aside">{aside}</div>}
      <NotificationBell />
      <UserMenu />
    </header>
  );
}

/**
 * The header wraps onto a second row when its items do not fit; whatever sticks
 * below it (side columns, drawers, the editor's toolbar) reads its height from
 * `--header-h` instead of assuming one row.
 */
function useHeaderHeight() {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const update = () => root.style.setProperty('--header-h', `${Math.ceil(el.getBoundingClientRect().height)}px`);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return ref;
}

function UserMenu() {
  const me = useMe();
  const { signOut } = useSession();
  const [open, setOpen] = useState(false);
  const closeMenu = useCallback(() => setOpen(false), []);
  const [changingPassword, setChangingPassword] = useState(false);
  const [emailSettings, setEmailSettings] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  // Close on Escape or a click anywhere else.
  useDismiss(open, ref, closeMenu);

  return (
    <div className="user-menu" ref={ref}>
      <button
        className="user-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu"
      >
        <span className="avatar" style={{ background: me.color, color: readableOn(me.color) }} aria-hidden="true">
          {initials(me.name)}
        </span>
        <span className="user-menu__name">{me.name}</span>
      </button>
      {open && (
        <div className="user-menu__popup" role="menu">
          <div className="user-menu__email">{me.email}</div>
          <button
            role="menuitem"
            onClick={() => {
              setOpen(false);
              setChangingPassword(true);
            }}
          >
            Change password
          </button>
          <button
            role="menuitem"
            onClick={() => {
              setOpen(false);
              setEmailSettings(true);
            }}
            data-testid="email-settings-item"
          >
            Email settings
          </button>
          <button role="menuitem" onClick={() => void signOut()} data-testid="sign-out">
            Sign out
          </button>
        </div>
      )}
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
      {emailSettings && <EmailSettingsDialog onClose={() => setEmailSettings(false)} />}
    </div>
  );
}

export function initials(name: string): string {
  const words = name
    .replace(/\(.*?\)/g, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '')).toUpperCase();
}
