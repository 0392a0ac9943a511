/**
 * Whether this server runs on the demo content it created itself, and so may
 * tell everyone how to sign in (the sign-in page, the terminal). The seed writes
 * a marker file into the data dir; a real deployment never has one (it starts
 * with DEMO=false, or into a data dir that already holds accounts, where nothing
 * is seeded). The hint shows while DEMO is on, the marker is there and the demo
 * author's account still exists; deleting the marker (or DEMO=false) hides it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoJson } from '@concord/shared';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Stores } from '../store/types.js';
import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from './seed.js';

/** The file in DATA_DIR that says the demo content there was created by this server. */
const DEMO_MARKER = 'demo-content';

export type DemoSignIn = NonNullable<DemoJson['demo']> & {
  /** Created by this start (the data dir was empty). */
  createdNow: boolean;
};

/** Seeds the demo into an empty store (DEMO on); the demo accounts when the server runs on its demo content, else null. */
export async function startDemo(config: Pick<Config, 'demo' | 'dataDir'>, stores: Stores, log: Logger): Promise<DemoSignIn | null> {
  if (!config.demo) return null;
  const marker = join(config.dataDir, DEMO_MARKER);
  const createdNow = await seedDemo(stores, log);
  if (createdNow)
    writeFileSync(
      marker,
      'This data dir holds the demo commission Concord created on its first start (DEMO=true).\n' +
        'While this file exists the sign-in page shows the demo accounts and their password. Delete it to hide them.\n',
    );
  if (!existsSync(marker) || !(await stores.accounts.getUserByEmail(DEMO_PEOPLE[0]!.email))) return null;
  return { password: DEMO_PASSWORD, accounts: DEMO_PEOPLE.map(({ email, role }) => ({ email, role })), createdNow };
}
