#!/usr/bin/env node
// `npx bangfu <command>`: the operator commands, run from the TypeScript sources
// through tsx (as `npm start` runs the server), so nothing needs building first.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');
