// The two legs of @n8n/scan-community-package (0.32.0, scanner/scanner.mjs `analyzePackageByName`),
// run locally because the real scanner needs npm provenance and the registry:
//   1. source: `package.json` + `{nodes,credentials}/**/*.{js,ts,json}` of the repository, as the scanner
//      lints the attested GitHub commit;
//   2. packed: `**/*.js` + `package.json` of what `npm pack` would publish.
// Both with the scanner's configuration (`buildScanConfig`, rebuilt here from the same plugins: keep it in
// step) and inline configuration OFF, so an `eslint-disable` comment hides nothing, exactly as there.
// Also checks that the package ships no runtime dependency and only dist/, README, LICENSE, package.json.
//
//   node scripts/scan-community.mjs            both legs
//   node scripts/scan-community.mjs source     one leg (source | packed)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import tsParser from '@typescript-eslint/parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The scanner's `buildScanConfig`, rule for rule. */
function scanConfig() {
	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
		{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
	);
}

function listFiles(dir, keep, base = dir, out = []) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') listFiles(full, keep, base, out);
		} else if (keep(path.relative(base, full).split(path.sep).join('/'))) {
			out.push(full);
		}
	}
	return out;
}

async function lint(cwd, files) {
	const eslint = new ESLint({ cwd, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: scanConfig() });
	const results = await eslint.lintFiles(files);
	const report = await (await eslint.loadFormatter('stylish')).format(results);
	if (report) process.stdout.write(report);
	return results.reduce((sum, result) => sum + result.errorCount, 0);
}

/** Leg 1: the repository's sources, as the scanner lints the attested commit. */
async function sourceLeg() {
	const files = [
		path.join(root, 'package.json'),
		...['nodes', 'credentials'].flatMap((dir) =>
			listFiles(path.join(root, dir), (rel) => /\.(js|ts|json)$/.test(rel)),
		),
	];
	const errors = await lint(root, files);
	process.stdout.write(`Source: ${files.length} files linted with the community scanner rules (inline config off), ${errors} error(s).\n`);
	return errors === 0;
}

const SHIPPED = [/^dist\//, /^README\.md$/, /^LICENSE$/, /^package\.json$/];

/** Leg 2: what `npm pack` would publish. */
async function packedLeg() {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-pack-'));
	try {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
		);
		execFileSync('tar', ['xzf', path.join(work, packed.filename), '-C', work]);
		const packageDir = path.join(work, 'package');
		const files = listFiles(packageDir, (rel) => rel.endsWith('.js') || rel === 'package.json');
		const errors = await lint(packageDir, files);
		const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		const dependencies = Object.keys(manifest.dependencies ?? {});
		const unexpected = packed.files.map((f) => f.path).filter((p) => !SHIPPED.some((re) => re.test(p)));
		const missingMain = manifest.main !== undefined && !fs.existsSync(path.join(packageDir, manifest.main));
		for (const p of unexpected) process.stdout.write(`Packed: ${p} should not be published.\n`);
		if (missingMain) process.stdout.write(`Packed: "main" points at ${manifest.main}, which is not in the package.\n`);
		if (dependencies.length > 0) process.stdout.write(`Packed: runtime dependencies ${dependencies.join(', ')}.\n`);
		process.stdout.write(
			`Packed ${packed.filename}: ${packed.entryCount} files, ${files.length} linted with the community scanner rules (inline config off), ${errors} error(s), ${dependencies.length} runtime dependencies.\n`,
		);
		return errors === 0 && dependencies.length === 0 && unexpected.length === 0 && !missingMain;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

const legs = { source: sourceLeg, packed: packedLeg };
const chosen = process.argv.slice(2);
let ok = true;
for (const name of chosen.length > 0 ? chosen : Object.keys(legs)) {
	if (!legs[name]) throw new Error(`Unknown leg ${name}: use source or packed`);
	ok = (await legs[name]()) && ok;
}
process.exitCode = ok ? 0 : 1;
