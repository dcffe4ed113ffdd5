/**
 * The first administrator's password for the browser tests' server.
 * (The brief suggested Admin-Start-2026, but the password policy refuses any
 * password that contains the user name, and the first administrator is `admin`.)
 */
export const e2eAdminPassword = 'Start-Bangfu-2026';

/** Made by the operator CLI in the global setup; must change the password at first login. */
export const e2eSecondAdmin = {
  username: 'policy.admin',
  initialPassword: 'Nanjing-Start-2026',
  password: 'Gonghui-Policy-2026!',
};

/** Made the same way; works the household flow in its own branch of the tree. */
export const e2eHouseholdAdmin = {
  username: 'household.admin',
  initialPassword: 'Hangzhou-Start-2026',
  password: 'Gonghui-Files-2026!',
};

/** Made the same way; walks files through the registration workflow (its own sessions). */
export const e2eRegistrationAdmin = {
  username: 'registration.admin',
  initialPassword: 'Suzhou-Start-2026',
  password: 'Gonghui-Cases-2026!',
};

/** Made the same way; takes a file through an exit, its follow-up and re-admission. */
export const e2eExitsAdmin = {
  username: 'exits.admin',
  initialPassword: 'Ningbo-Start-2026',
  password: 'Gonghui-Exits-2026!',
};

/**
 * Made the same way; sets up the two-level flow (a union's case worker and a
 * county's reviewer, each with their own account) from application to exit.
 */
export const e2eLifecycleAdmin = {
  username: 'lifecycle.admin',
  initialPassword: 'Wenzhou-Start-2026',
  password: 'Gonghui-Life-2026!',
};

/** Made the same way; uploads, fixes and commits a household import (批量导入). */
export const e2eImportAdmin = {
  username: 'import.admin',
  initialPassword: 'Huzhou-Start-2026',
  password: 'Gonghui-Import-2026!',
};

/** Made the same way; exports a branch's archive exchange file and imports it (数据交换). */
export const e2eExchangeAdmin = {
  username: 'exchange.admin',
  initialPassword: 'Jiaxing-Start-2026',
  password: 'Gonghui-Exchange-2026!',
};

/** Made the same way; opens an annual review round (年度复核) and ends a task from the inbox. */
export const e2eReviewsAdmin = {
  username: 'reviews.admin',
  initialPassword: 'Shaoxing-Start-2026',
  password: 'Gonghui-Review-2026!',
};

/** Every administrator the global setup makes with `bangfu create-admin`. */
export const e2eCliAdmins = [
  e2eSecondAdmin,
  e2eHouseholdAdmin,
  e2eRegistrationAdmin,
  e2eExitsAdmin,
  e2eLifecycleAdmin,
  e2eImportAdmin,
  e2eExchangeAdmin,
  e2eReviewsAdmin,
];

export const chromiumPath = '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
