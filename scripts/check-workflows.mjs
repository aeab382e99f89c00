// Checks the GitHub workflows without GitHub: both parse as YAML, CI runs the README's test command,
// and the publish workflow has what npm provenance needs (a tag trigger, `id-token: write`, read-only
// contents, a release through `n8n-node release` with provenance on).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];
const read = (name) => parse(fs.readFileSync(path.join(root, '.github/workflows', name), 'utf8'));
const runs = (job) => (job?.steps ?? []).map((step) => String(step.run ?? '')).join('\n');
const check = (ok, problem) => ok || problems.push(problem);

const ci = read('ci.yml');
const ciJob = Object.values(ci.jobs ?? {})[0];
check(ci.on?.push !== undefined && ci.on?.pull_request !== undefined, 'ci.yml: runs on push and pull_request');
check(/npm ci\b/.test(runs(ciJob)), 'ci.yml: installs with npm ci');
check(/^npm test$/m.test(runs(ciJob)), 'ci.yml: runs `npm test`, the README test command');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
check(/^npm test\b/m.test(readme), 'README.md: gives `npm test` as the test command');

const publish = read('publish.yml');
const job = Object.values(publish.jobs ?? {})[0];
const permissions = job?.permissions ?? publish.permissions ?? {};
check(Array.isArray(publish.on?.push?.tags) && publish.on.push.tags.length > 0, 'publish.yml: triggered by version tags');
check(permissions['id-token'] === 'write', 'publish.yml: permissions id-token: write (OIDC for provenance)');
check(permissions.contents === 'read', 'publish.yml: contents: read');
const releaseStep = (job?.steps ?? []).find((step) => /npm run release/.test(String(step.run ?? '')));
check(releaseStep !== undefined, 'publish.yml: publishes through `npm run release`');
check(String(releaseStep?.env?.NPM_CONFIG_PROVENANCE) === 'true', 'publish.yml: NPM_CONFIG_PROVENANCE=true on the release step');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
check(manifest.scripts?.release === 'n8n-node release', 'package.json: "release": "n8n-node release"');
check(/^git\+https:\/\/github\.com\//.test(manifest.repository?.url ?? ''), 'package.json: repository.url on GitHub (provenance names it)');

for (const problem of problems) process.stdout.write(`missing: ${problem}\n`);
process.stdout.write(`Workflows: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`} (ci.yml, publish.yml)\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
