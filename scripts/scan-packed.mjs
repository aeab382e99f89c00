// Lints what `npm pack` would publish with the rules @n8n/scan-community-package applies to a
// published tarball (its `analyzePackage` on `**/*.js` + package.json, inline config disabled).
// The scanner itself needs npm provenance and the registry, so its configuration is rebuilt here
// from the same plugins; keep it in step with scanner/scanner.mjs `buildScanConfig`.
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

function scanConfig() {
	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	);
}

function listFiles(dir, out = []) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') listFiles(full, out);
		} else if (entry.name.endsWith('.js') || entry.name === 'package.json') {
			out.push(full);
		}
	}
	return out;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-pack-'));
try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
	);
	const tarball = path.join(work, packed[0].filename);
	execFileSync('tar', ['xzf', tarball, '-C', work]);
	const packageDir = path.join(work, 'package');
	const files = listFiles(packageDir);
	const eslint = new ESLint({
		cwd: packageDir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: scanConfig(),
	});
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const formatter = await eslint.loadFormatter('stylish');
	const report = await formatter.format(results);
	if (report) process.stdout.write(report);
	const dependencies = Object.keys(JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).dependencies ?? {});
	process.stdout.write(
		`Packed ${packed[0].filename}: ${packed[0].entryCount} files, ${files.length} linted with the community scanner rules, ${errors} error(s), ${dependencies.length} runtime dependencies.\n`,
	);
	process.exitCode = errors > 0 || dependencies.length > 0 ? 1 : 0;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
