/**
 * Whether this server runs on the demo content it created itself, and so may
 * tell everyone how to sign in (the sign-in page, the terminal). The seed writes
 * a marker file into the data dir; a real deployment never has one (it starts
 * with DEMO=false, or into a data dir that already holds accounts, where nothing
 * is seeded). The hint shows while DEMO is on, the marker is there and the demo
 * author's account still exists; deleting the marker (or DEMO=false) hides it.
 *
 * Demo data dirs seeded before the marker existed are recognised once, on the
 * first start with DEMO on (recognizeOldDemo): the marker is written when every
 * account is a demo account and the demo author still signs in with the demo
 * password — what the hint would say is then true, and no real deployment has
 * only those accounts. A second file records that the check was made (the seed
 * writes it too), so a marker deleted afterwards stays deleted.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoJson } from '@concord/shared';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Stores } from '../store/types.js';
import { verifyPassword } from '../auth/password.js';
import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from './seed.js';

/** The file in DATA_DIR that says the demo content there was created by this server. */
const DEMO_MARKER = 'demo-content';
/** The file in DATA_DIR that says whether it holds demo content was decided (seeded, or checked once). */
const DEMO_CHECKED = 'demo-content-checked';

const MARKER_TEXT =
  'This data dir holds the demo commission Concord created on its first start (DEMO=true).\n' +
  'While this file exists the sign-in page shows the demo accounts and their password. Delete it to hide them.\n';
const CHECKED_TEXT =
  'Concord decided whether this data dir holds its demo content (see demo-content): it does not check again,\n' +
  'so deleting demo-content keeps the demo accounts hidden.\n';

export type DemoSignIn = NonNullable<DemoJson['demo']> & {
  /** Created by this start (the data dir was empty). */
  createdNow: boolean;
};

/** Seeds the demo into an empty store (DEMO on); the demo accounts when the server runs on its demo content, else null. */
export async function startDemo(config: Pick<Config, 'demo' | 'dataDir'>, stores: Stores, log: Logger): Promise<DemoSignIn | null> {
  if (!config.demo) return null;
  const marker = join(config.dataDir, DEMO_MARKER);
  const checked = join(config.dataDir, DEMO_CHECKED);
  const createdNow = await seedDemo(stores, log);
  if (createdNow) writeFileSync(marker, MARKER_TEXT);
  else if (!existsSync(marker) && !existsSync(checked) && (await isOldDemo(stores))) {
    writeFileSync(marker, MARKER_TEXT);
    log.info({ dataDir: config.dataDir }, 'demo content from before the demo-content marker recognised; marker written');
  }
  if (!existsSync(checked)) writeFileSync(checked, CHECKED_TEXT);
  if (!existsSync(marker) || !(await stores.accounts.getUserByEmail(DEMO_PEOPLE[0]!.email))) return null;
  return { password: DEMO_PASSWORD, accounts: DEMO_PEOPLE.map(({ email, role }) => ({ email, role })), createdNow };
}

/** Every account is a demo account, and the demo author's password is still the demo password. */
async function isOldDemo(stores: Stores): Promise<boolean> {
  const demoEmails = new Set(DEMO_PEOPLE.map((p) => p.email));
  const users = await stores.accounts.listUsers();
  if (users.length === 0 || users.some((u) => !demoEmails.has(u.email.toLowerCase()))) return false;
  const author = await stores.accounts.getUserByEmail(DEMO_PEOPLE[0]!.email);
  return author !== undefined && (await verifyPassword(DEMO_PASSWORD, author.passwordHash));
}
