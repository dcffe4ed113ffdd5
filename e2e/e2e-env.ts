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
