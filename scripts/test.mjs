// `npm test`: everything CI checks, in the order a failure is cheapest to see.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const steps = [
	['install (up to date with package-lock.json)', 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']],
	['lint (n8n-node strict)', 'npm', ['run', 'lint']],
	['type-check the simulator and test tools (checkJs)', 'npm', ['run', 'typecheck:tools']],
	['build', 'npm', ['run', 'build']],
	['community scanner rules on the source and the packed package (inline config off)', 'npm', ['run', 'lint:scanner']],
	['release workflows (YAML, CI command, provenance)', 'npm', ['run', 'check:workflows']],
	['tests (jest)', 'npx', ['jest', ...process.argv.slice(2)]],
];

for (const [title, command, args] of steps) {
	process.stdout.write(`\n=== ${title}\n`);
	const started = Date.now();
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
	process.stdout.write(`=== ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	if (result.status !== 0) process.exit(result.status ?? 1);
}
