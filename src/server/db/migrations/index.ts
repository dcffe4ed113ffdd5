import type { Kysely } from 'kysely';
import * as foundation from './2026112901-foundation';
import * as policy from './2026112902-policy';
import * as households from './2026112903-households';
import * as duplicateReviewFiles from './2026112907-duplicate-review-files';
import * as registration from './2026112909-registration';
import * as memberPinyinIndex from './2026112910-member-pinyin-index';
import * as dynamicManagement from './2026112911-dynamic-management';
import * as imports from './2026112912-imports';
import * as registry from './2026112913-registry';
import * as listIndexes from './2026112915-list-indexes';
import * as registryRowProblems from './2026112916-registry-row-problems';
import * as registryIdUnusable from './2026112917-registry-id-unusable';

export type Migration = { version: string; name: string; up(db: Kysely<unknown>): Promise<void> };

/** Every migration, in order. Add new files at the end; never edit one that has shipped. */
export const migrations: Migration[] = [
  { version: '2026112901', name: 'foundation', ...foundation },
  { version: '2026112902', name: 'policy', ...policy },
  { version: '2026112903', name: 'households', ...households },
  { version: '2026112907', name: 'duplicate-review-files', ...duplicateReviewFiles },
  { version: '2026112909', name: 'registration', ...registration },
  { version: '2026112910', name: 'member-pinyin-index', ...memberPinyinIndex },
  { version: '2026112911', name: 'dynamic-management', ...dynamicManagement },
  { version: '2026112912', name: 'imports', ...imports },
  { version: '2026112913', name: 'registry', ...registry },
  { version: '2026112915', name: 'list-indexes', ...listIndexes },
  { version: '2026112916', name: 'registry-row-problems', ...registryRowProblems },
  { version: '2026112917', name: 'registry-id-unusable', ...registryIdUnusable },
];
