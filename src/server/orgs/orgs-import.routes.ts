import type { App, AppDeps } from '../http/app-types';

/** Excel import of the union tree: template download, dry run, commit. */
export function orgsImportRoutes(_app: App, _deps: AppDeps): void {}
