#!/usr/bin/env node
// The `fanzha` command: runs the TypeScript sources through tsx so `npx fanzha …` works right after install.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
