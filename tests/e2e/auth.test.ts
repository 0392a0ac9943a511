/**
 * Issue 3, end to end: signed-out visitors are sent to sign-in (and back where
 * they were going), wrong passwords get a plain message, a non-member sees no
 * hint of the document, and a person can change their password and sign out.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, createUser, signedInUser, TEST_PASSWORD } from '../helpers/users.js';
import { newPerson, signIn } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { seriousViolations } from './support/axe.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});
const { people } = suite;

describe('signing in and out in the browser', () => {
  it('sends visitors to sign-in, explains failures, hides foreign documents, changes passwords', async () => {
    server = await startTestServer();
    const owner = await signedInUser(server, 'Olga Owner');
    const docId = await createDocWithMembers(server, owner, [], 'Confidential evidence');
    const user = await createUser(server, 'Nina Newcomer');
    const person = await newPerson(suite.browser, server.url);
    people.push(person);
    const { page } = person;

    // Signed out: any page leads to sign-in, remembering where we were going.
    await page.goto(`/d/${docId}`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByTestId('signin-error').innerText()).toBe('Wrong email or password.');
    await page.screenshot({ path: '/tmp/concord-e2e-signin.png' });

    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`**/d/${docId}`);
    // Not a member: the same answer as for a document that does not exist (the API tells outsiders
    // nothing), so the page says both, and leads back to the document list.
    const unavailable = page.getByTestId('no-access');
    expect(await unavailable.innerText()).toContain('This document does not exist, or you do not have access');
    expect(await page.content()).not.toContain('Confidential evidence');
    const nonMember = await page.request.get(`/api/docs/${docId}`);
    const neverExisted = await page.request.get('/api/docs/d_never_existed');
    expect([nonMember.status(), neverExisted.status()]).toEqual([404, 404]);
    expect(await nonMember.json()).toEqual(await neverExisted.json());
    await page.goto('/d/d_never_existed');
    expect(await unavailable.innerText()).toContain('This document does not exist, or you do not have access');
    await unavailable.getByRole('button', { name: 'Go to your documents' }).click();
    await page.getByRole('heading', { name: 'Your documents' }).waitFor();

    // Change password, sign out, sign in with the new one.
    await page.getByText('You are not a member of any document yet').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = page.getByTestId('change-password');
    await dialog.getByLabel('Current password').fill(TEST_PASSWORD);
    await dialog.getByLabel('New password', { exact: true }).fill('a much better passphrase');
    await dialog.getByLabel('New password again').fill('a much better passphrase');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('Your password is changed').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/signin$/);
    await page.goto('/');
    await page.waitForURL(/\/signin$/);
    await signIn(page, user.email, 'a much better passphrase');
    await page.getByRole('heading', { name: 'Your documents' }).waitFor();
    await page.screenshot({ path: '/tmp/concord-e2e-doclist.png' });
  });

  it('shows the demo accounts on the sign-in page on the demo, and nothing on a real deployment', async () => {
    server = await startTestServer({ env: { DEMO: 'true' } });
    const newcomer = await newPerson(suite.browser, server.url);
    people.push(newcomer);
    await newcomer.page.goto('/signin');
    const hint = newcomer.page.getByTestId('demo-hint');
    await hint.waitFor();
    expect(await hint.innerText()).toContain('Demo: sign in as author@demo.concord with password concord-demo.');
    await hint.locator('summary').click();
    expect(await seriousViolations(newcomer.page)).toEqual([]);
    // What it says works.
    await newcomer.page.getByLabel('Email').fill('author@demo.concord');
    await newcomer.page.getByLabel('Password').fill('concord-demo');
    await newcomer.page.getByRole('button', { name: 'Sign in' }).click();
    await newcomer.page.getByRole('heading', { name: 'Your documents' }).waitFor();
    await server.dispose();

    // A real deployment: DEMO=false (as DEPLOYMENT.md runs it). The page asked, and shows nothing.
    server = await startTestServer();
    const visitor = await newPerson(suite.browser, server.url);
    people.push(visitor);
    const asked = visitor.page.waitForResponse((r) => r.url().endsWith('/api/auth/demo'));
    await visitor.page.goto('/signin');
    expect(await (await asked).json()).toEqual({ demo: null });
    await visitor.page.getByTestId('signin-form').waitFor();
    expect(await visitor.page.getByTestId('demo-hint').count()).toBe(0);
  });
});
