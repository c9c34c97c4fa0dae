// Browser test harness: the real gateway (with a fake upstream, tenants and an admin password)
// and one headless Chromium per suite (Playwright starts it on a fresh temporary --user-data-dir
// and removes it at close), with a new isolated context (cookies, storage) per page. A test fails on any page error, on any console error it
// did not expect, and on any request that leaves the gateway's origin. Screenshots go to
// test-artifacts/ (git-ignored). The lead's end-to-end flows build on openDashboard(),
// loginAsAdmin(), loginAsTenant() and screenshot().
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import type { LedgerRow } from '../../src/storage/types.js';
import { seedLedger } from '../e2e/dashboard-client.js';
import { REPO_ROOT, tempDir } from '../support/gateway-process.js';
import { TENANT_KEY, startStack, type Stack, type StackOptions } from '../support/stack.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser-support.js';

/** Where screenshots are saved. */
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'browser-test-admin-password';
export { TENANT_KEY };

/** A console error a test expects: its text and, when given, the resource URL it is about. */
export interface ExpectedConsole {
  text: RegExp;
  url?: RegExp;
}

/** Browser context options a test may set. */
export interface PageOptions {
  locale?: string;
  timezoneId?: string;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

/** The gateway under test. */
export interface DashboardStack {
  stack: Stack;
  origin: string;
  browser: Browser;
  /** A fresh browser context (no cookies, no storage) with one page. */
  openPage(opts?: PageOptions): Promise<DashboardPage>;
  close(): Promise<void>;
}

// Without a session, the app's first GET /dashboard/api/session answers 401; Chromium logs every
// failed fetch as a console error, so that one is expected on every page.
const NO_SESSION: ExpectedConsole = { text: /status of 401/, url: /\/dashboard\/api\/session$/ };

/** One browser page and what it did. */
export class DashboardPage {
  /** Every URL the page requested. */
  readonly requests: string[] = [];
  /** Page errors and unexpected console errors. */
  readonly problems: string[] = [];
  private readonly expected: ExpectedConsole[] = [NO_SESSION];

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly origin: string,
  ) {
    context.on('request', (r) => this.requests.push(r.url()));
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => this.onConsole(msg));
  }

  private onConsole(msg: ConsoleMessage): void {
    if (msg.type() !== 'error') return;
    const url = msg.location().url;
    if (this.expected.some((e) => e.text.test(msg.text()) && (!e.url || e.url.test(url)))) return;
    this.problems.push(`console error: ${msg.text()} (${url})`);
  }

  /** Lets a console error through (e.g. the 401 of a wrong password). */
  expectConsoleError(text: RegExp, url?: RegExp): void {
    this.expected.push(url ? { text, url } : { text });
  }

  /** Opens the dashboard at `hash` (e.g. '#/login?as=admin') and waits for the app to render. */
  async openDashboard(hash = ''): Promise<void> {
    await this.page.goto(`${this.origin}/dashboard/${hash}`);
    await this.page.locator('[data-testid=login-view], [data-testid=tenant-view], [data-testid=admin-view]').first().waitFor();
  }

  /** Signs in as the admin through the form and waits for the admin view. */
  async loginAsAdmin(username = ADMIN_USER, password = ADMIN_PASSWORD): Promise<void> {
    await this.openDashboard('#/login?as=admin');
    await this.page.getByLabel(/^(Username|用户名)$/).fill(username);
    await this.page.getByLabel(/^(Password|密码)$/).fill(password);
    await this.page.getByTestId('login-submit-admin').click();
    await this.page.getByTestId('admin-view').waitFor();
  }

  /** Signs in as a tenant through the form and waits for the tenant view. */
  async loginAsTenant(apiKey = TENANT_KEY): Promise<void> {
    await this.openDashboard('#/login');
    await this.page.getByTestId('login-tab-tenant').click();
    await this.page.getByLabel(/^(API key|密钥)$/).fill(apiKey);
    await this.page.getByTestId('login-submit-tenant').click();
    await this.page.getByTestId('tenant-view').waitFor();
  }

  /** Saves a full-page screenshot to test-artifacts/<name>.png; returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  /** Requests that went anywhere but the gateway (data: and about: URLs stay in the page). */
  foreignRequests(): string[] {
    return this.requests.filter((u) => !u.startsWith(`${this.origin}/`) && !u.startsWith('data:') && !u.startsWith('about:'));
  }

  /** Fails on page errors, unexpected console errors and requests to other origins. */
  assertClean(): void {
    assert.deepEqual(this.problems, [], 'page errors or unexpected console errors');
    assert.deepEqual(this.foreignRequests(), [], 'requests that left the gateway');
  }

  /** Closes the page's context. */
  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Stack options plus ledger rows written before the gateway starts. */
export interface DashboardStackOptions extends StackOptions {
  rows?: readonly LedgerRow[];
}

/**
 * Starts the gateway with an admin password (and the default tenants unless given) on a ledger
 * seeded with `rows` (through the real SQLite store), and Chromium.
 */
export async function startDashboardStack(opts: DashboardStackOptions = {}): Promise<DashboardStack> {
  const { rows, ...stackOpts } = opts;
  let dataDir = opts.dataDir;
  if (rows) {
    dataDir ??= tempDir('ccgate-data-');
    await seedLedger(dataDir, rows);
  }
  const stack = await startStack({ ...stackOpts, ...(dataDir ? { dataDir } : {}), server: { admin: { username: ADMIN_USER, password: ADMIN_PASSWORD }, ...opts.server } });
  const origin = stack.gw.baseUrl;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (err) {
    await stack.close();
    throw err;
  }
  return {
    stack,
    origin,
    browser,
    async openPage(pageOpts = {}) {
      const context = await browser.newContext({
        locale: pageOpts.locale ?? 'en-US',
        timezoneId: pageOpts.timezoneId ?? 'UTC',
        colorScheme: pageOpts.colorScheme ?? 'light',
        viewport: pageOpts.viewport ?? { width: 1280, height: 900 },
      });
      return new DashboardPage(context, await context.newPage(), origin);
    },
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}

/**
 * Runs `body` on a fresh page; on failure saves a screenshot named after the test, and always
 * closes the browser. Passes only if the page stayed clean (see assertClean).
 */
export async function withPage(ds: DashboardStack, name: string, opts: PageOptions, body: (p: DashboardPage) => Promise<void>): Promise<void> {
  rmSync(join(ARTIFACTS, `failed-${name}.png`), { force: true });
  const p = await ds.openPage(opts);
  try {
    await body(p);
    p.assertClean();
  } catch (err) {
    await p.screenshot(`failed-${name}`).catch(() => undefined);
    throw err;
  } finally {
    await p.close();
  }
}
