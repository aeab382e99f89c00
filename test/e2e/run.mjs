// `npm run test:e2e`: end-to-end tests in a real n8n (the pinned 2.41.1 CLI), separate from the
// jest run of `npm test`. Provisions n8n into the cache once (minutes the first time), builds and
// packs this package once, then runs every test/e2e/*.test.mjs with Node's test runner.
//
//   npm run test:e2e                      all e2e test files
//   npm run test:e2e -- actions           only files whose name contains "actions"
//   VEEAM_E2E_KEEP=1 npm run test:e2e     keep the temporary n8n user folders for inspection
//   VEEAM_E2E_CONCURRENCY=1               test files one after another (default 2)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildAndPack } from '../../scripts/n8n/package.mjs';
import { provisionN8n } from '../../scripts/n8n/provision.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (m) => process.stderr.write(`[e2e] ${m}\n`);

async function main() {
	const started = Date.now();
	const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
	const files = fs
		.readdirSync(here)
		.filter((f) => f.endsWith('.test.mjs'))
		.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
		.sort()
		.map((f) => path.join(here, f));
	if (files.length === 0) throw new Error(`No e2e test file matches ${filters.join(', ')}`);

	const runtime = await provisionN8n({ log: (m) => process.stderr.write(`[n8n] ${m}\n`) });
	log(`n8n ${runtime.installed ? 'installed' : 'from the cache'}: ${runtime.dir} (Node ${runtime.nodeVersion})`);
	const pack = buildAndPack({ build: !process.env.VEEAM_E2E_NO_BUILD, log });

	const concurrency = process.env.VEEAM_E2E_CONCURRENCY ?? '2';
	const args = ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=600000', ...files];
	log(`node ${args.map((a) => path.relative(process.cwd(), a) || a).join(' ')}`);
	const child = spawn(process.execPath, args, {
		stdio: 'inherit',
		env: { ...process.env, VEEAM_E2E_PACKAGE: pack.tarball },
	});
	const forward = (signal) => child.kill(signal);
	process.on('SIGINT', forward);
	process.on('SIGTERM', forward);
	const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
	fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
	log(`${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	process.exit(code);
}

main().catch((e) => {
	process.stderr.write(`\n[e2e] FAILED: ${e.stack ?? e.message}\n`);
	process.exit(1);
});
