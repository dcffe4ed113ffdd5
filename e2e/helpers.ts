import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { computeCheckChar } from '../src/shared/households/id-number';
import { chromiumArgs, chromiumPath } from './e2e-env';

export const screenshotDir = resolve(import.meta.dirname, '..', 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/** A page that fails the test on any uncaught error in the app. */
export async function openPage(browser: Browser, problems: string[]): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    // The browser logs every 4xx it receives; the app expects those (401 before login …).
    if (message.type() === 'error' && !text.startsWith('Failed to load resource'))
      problems.push(`console error at ${page.url()}: ${text}`);
    if (message.type() === 'warning' && text.includes('antd'))
      problems.push(`antd warning: ${text}`);
  });
  return page;
}

/**
 * One Chromium page for the suite it is called in: opened before the first
 * test (handed to `onOpen`), a screenshot after every failed test, closed after
 * the last. Uncaught errors of the app land in `problems`.
 */
export function pageForSuite(problems: string[], onOpen: (page: Page) => void): void {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await openPage(browser, problems);
    onOpen(page);
  });
  afterEach(async (context) => {
    if (page && context.task.result?.state === 'fail')
      await screenshot(page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await browser?.close();
  });
}

/** Every exclusion check of a file answered 否 (checked, not found). */
export const noExclusions = {
  multiple_homes: { answer: false },
  business_owner: { answer: false },
  vehicle: { answer: false },
  private_school_abroad: { answer: false },
  refuses_verification: { answer: false },
  refuses_work: { answer: false },
};

/** The head of a one-person household file made through the API. */
export type E2eHead = { name: string; id: string; birth: string; sex: 'male' | 'female' };

/**
 * A draft file of one person — seriously ill, unable to work, 500 yuan a month
 * of transfers: in hardship against any 低保 line above 500 — under `nodeId`
 * through the API, as the signed-in user; returns its id.
 */
export async function createOnePersonFile(
  page: Page,
  nodeId: number,
  regionCode: string,
  head: E2eHead,
): Promise<number> {
  const file = await pageApi(page, 'POST', '/api/households', {
    nodeId,
    regionCode,
    standardLevel: 'grassroots',
    phone: null,
    address: '中山东路1号',
    employerName: '丝绸厂',
    mainCause: 'illness',
    secondaryCauses: [],
    situation: '户主患病，不能工作，收入低',
    members: [
      {
        ref: 'head',
        relation: 'head',
        name: head.name,
        idNumber: head.id,
        birthDate: head.birth,
        sex: head.sex,
        isAbleToWork: false,
        isDisabledOrSeriouslyIll: true,
        healthStatus: 'malignant_tumour',
      },
    ],
    incomes: [{ memberRef: 'head', type: 'transfers', amountFen: 600_000 }],
    rigidExpenditures: [],
    exclusions: noExclusions,
  });
  return file.id as number;
}

/**
 * Gives a county region its own workflow without middle steps (no review
 * meeting, no notice), so `registerThroughApi` registers a file in four actions.
 */
export async function useShortWorkflow(page: Page, regionCode: string): Promise<void> {
  await pageApi(page, 'PUT', `/api/workflow-configs/${regionCode}`, {
    config: { middleSteps: [], homeVisitDays: 5, noticeWorkingDays: 5 },
    version: null,
  });
}

/**
 * Takes a draft through a workflow without middle steps (`useShortWorkflow`)
 * to 已建档 through the API, as the signed-in user: submit, first review, home
 * visit, approval.
 */
export async function registerThroughApi(page: Page, fileId: number): Promise<void> {
  const step = async (action: string, extra: Record<string, unknown> = {}) => {
    const view = await pageApi(page, 'GET', `/api/households/${fileId}/case`);
    await pageApi(page, 'POST', `/api/households/${fileId}/case/actions`, {
      action,
      expected: { status: view.status, step: view.step },
      ...extra,
    });
  };
  await step('submit');
  await step('pass');
  await step('pass', { record: { date: '2026-03-02', findings: '入户核实，情况属实' } });
  await step('pass', { opinion: '同意建档' });
}

/** A full-page picture of the current screen, after animations have settled. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // Toasts of the last action would cover the header.
  await page
    .locator('.ant-message-notice')
    .first()
    .waitFor({ state: 'detached', timeout: 6_000 })
    .catch(() => undefined);
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** The antd dialog now open (the topmost one). */
export function dialog(page: Page): Locator {
  return page.locator('.ant-modal-wrap:visible .ant-modal').last();
}

/** Picks an option of an antd Select found by its form label. */
export async function chooseOption(scope: Locator, page: Page, label: string, option: string) {
  const field = scope.getByLabel(label, { exact: true });
  // The select around the labelled input shows the chosen option once it took.
  const chosen = field
    .locator(
      'xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
    )
    .filter({ hasText: option });
  // On a loaded machine a click can land while the dropdown is still opening (or while the
  // previous field's dropdown is closing) and choose nothing: check, and choose again.
  for (let attempt = 1; ; attempt++) {
    await field.click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
    try {
      await chosen.waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Walks an antd Cascader: 江苏省 → 南京市 → 玄武区. */
export async function chooseCascade(scope: Locator, page: Page, label: string, path: string[]) {
  await scope.getByLabel(label, { exact: true }).click();
  const item = (level: number, name: string) =>
    page
      .locator('.ant-cascader-dropdown:visible .ant-cascader-menu')
      .nth(level)
      .locator('.ant-cascader-menu-item')
      .filter({ hasText: new RegExp(`^${name}$`) });
  for (const [level, name] of path.entries()) {
    await item(level, name).click();
    const next = path[level + 1];
    if (next === undefined) break;
    // Children load lazily from the server: if the next column has not shown
    // the wanted item yet (a click that landed while options re-rendered), choose again.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await item(level + 1, next).waitFor({ timeout: 3_000 });
        break;
      } catch {
        await item(level, name).click();
      }
    }
  }
  // Choosing a leaf closes the popup; a shallower choice leaves it open.
  const popup = page.locator('.ant-cascader-dropdown:visible');
  try {
    await popup.waitFor({ state: 'hidden', timeout: 2_000 });
  } catch {
    await page.keyboard.press('Escape');
  }
}

/** Picks a node in an OrgTreeSelect by typing part of its name. */
export async function chooseOrg(scope: Locator, page: Page, label: string, name: string) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(name);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-tree-treenode')
    .filter({ hasText: name })
    .first()
    .click();
}

/** The antd message toast saying `text`. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.ant-message-notice').filter({ hasText: text });
}

/** Signs in with an initial password and makes the forced change to `password`. */
export async function signInChangingPassword(
  page: Page,
  user: { username: string; initialPassword: string; password: string },
): Promise<void> {
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.initialPassword);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('修改初始密码').first().waitFor();
  await page.getByLabel('当前密码').fill(user.initialPassword);
  await page.getByLabel('新密码', { exact: true }).fill(user.password);
  await page.getByLabel('确认新密码').fill(user.password);
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.locator('.bf-menu').waitFor();
}

/** A JSON call from the signed-in page, with the session's CSRF token (test set-up). */
export async function pageApi(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
): Promise<any> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = await (await fetch('/api/auth/me')).json();
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json();
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    { method, url, body },
  );
}

/** A valid 18-digit ID number for a region, birth date and sequence (odd = male). */
export function idNumberFor(region: string, birthDate: string, seq: number): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + computeCheckChar(first17);
}

/** A branch of the tree under the signed-in user's node, as the flows set it up. */
export type BranchSpec = {
  province: { name: string; code: string; regionCode: string };
  city: { name: string; code: string; regionCode: string };
  county: { name: string; code: string; regionCode: string };
  union: { name: string; code: string };
  /** The city's 低保 line and minimum wage (fen a month) from 2024-01-01. */
  rates: { dibao: number; minimumWage: number };
};

/**
 * Creates province → city → county → grassroots union under the signed-in
 * user's node and the city's lines, through the API (test set-up).
 */
export async function createBranch(
  page: Page,
  spec: BranchSpec,
): Promise<{ provinceId: number; cityId: number; countyId: number; unionId: number }> {
  const me = await pageApi(page, 'GET', '/api/auth/me');
  const province = await pageApi(page, 'POST', '/api/orgs', {
    parentId: me.node.id,
    type: 'province',
    ...spec.province,
  });
  const city = await pageApi(page, 'POST', '/api/orgs', {
    parentId: province.id,
    type: 'city',
    ...spec.city,
  });
  const county = await pageApi(page, 'POST', '/api/orgs', {
    parentId: city.id,
    type: 'county',
    ...spec.county,
  });
  const union = await pageApi(page, 'POST', '/api/orgs', {
    parentId: county.id,
    type: 'grassroots',
    ...spec.union,
  });
  for (const [kind, monthlyFen] of [
    ['dibao', spec.rates.dibao],
    ['minimum_wage', spec.rates.minimumWage],
  ] as const)
    await pageApi(page, 'POST', '/api/policy/rates', {
      kind,
      regionCode: spec.city.regionCode,
      monthlyFen,
      effectiveFrom: '2024-01-01',
    });
  return { provinceId: province.id, cityId: city.id, countyId: county.id, unionId: union.id };
}
