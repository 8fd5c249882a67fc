#!/usr/bin/env node
// Lets `npx fairshare …` run the TypeScript CLI from a checkout without a build step.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('./fairshare.ts');
