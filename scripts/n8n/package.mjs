// Builds and packs this package, and installs the tarball into an n8n user folder the way n8n's
// Community Nodes screen does: <userFolder>/.n8n/nodes/node_modules/<package>, listed in
// <userFolder>/.n8n/nodes/package.json. Node types are then `<package>.<name>`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_NAME, ROOT } from './config.mjs';

function run(command, args, { cwd = ROOT, title, quiet = false } = {}) {
	const r = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
	if (r.error) throw new Error(`${title ?? command}: ${r.error.message}`);
	if (r.status !== 0) throw new Error(`${title ?? `${command} ${args.join(' ')}`} failed (exit code ${r.status})${quiet ? `:\n${r.stdout}${r.stderr}` : ''}`);
	return r.stdout;
}

/** `npm run build` (unless skipped), then `npm pack` into a temporary folder; returns the tarball path. */
export function buildAndPack({ build = true, log = () => {}, quiet = false } = {}) {
	if (build) {
		log('Building the package (npm run build)');
		run('npm', ['run', 'build', '--silent'], { title: 'npm run build', quiet });
	}
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	for (const file of [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])]) {
		if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} (listed in package.json "n8n") is missing after the build`);
	}
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-pack-'));
	const out = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { title: 'npm pack', quiet: true });
	const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
	const tarball = path.join(dest, path.basename(filename));
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}`);
	log(`Packed ${path.basename(tarball)}`);
	return { tarball, version: manifest.version, name: manifest.name };
}

/** Unpacks the tarball into <userFolder>/.n8n/nodes/node_modules/<package> (replacing an older copy). */
export function installPackage(userFolder, { tarball, version, name = PACKAGE_NAME }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { title: 'unpacking the package', quiet: true });
	const manifestFile = path.join(nodesDir, 'package.json');
	let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
	} catch {
		/* first install */
	}
	manifest.dependencies = { ...(manifest.dependencies ?? {}), [name]: version };
	fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
	return target;
}
