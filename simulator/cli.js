#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * node simulator/cli.js [--http] [--host 127.0.0.1] [--port 9419] [--repositories N] [--session-ms 1500]
 *                       [--token-lifetime 900] [--vbr-version 13.1|13.0.1|13.0.0|12.3.1|12.3.0] [--appliance-repositories]
 *                       [--version-error spec|legacy]
 * Starts the simulator (HTTPS on 127.0.0.1:9419 by default), prints the URL, the credentials and the certificate
 * fingerprint, and stops cleanly on SIGINT/SIGTERM.
 */
const { startSimulator } = require('./index');
const { vbrRelease } = require('./versions');

const USAGE = 'Usage: node simulator/cli.js [--http] [--host 127.0.0.1] [--port 9419] [--repositories N] [--session-ms 1500] [--token-lifetime 900] [--vbr-version 13.0.1] [--appliance-repositories] [--version-error spec|legacy]';

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {import('./index').SimulatorOptions} */
	const opts = { protocol: 'https', host: '127.0.0.1', port: 9419 };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
		const value = () => {
			const v = inline !== undefined ? inline : argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const number = () => {
			const v = value();
			const n = Number(v);
			if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number (got ${v})`);
			return n;
		};
		switch (flag) {
			case '--http': opts.protocol = 'http'; break;
			case '--https': opts.protocol = 'https'; break;
			case '--host': opts.host = value(); break;
			case '--port': opts.port = number(); break;
			case '--repositories': opts.repositories = number(); break;
			case '--session-ms': opts.sessionDurationMs = number(); break;
			case '--token-lifetime': opts.tokenLifetimeSeconds = number(); break;
			case '--vbr-version': {
				const v = value();
				vbrRelease(v); // fail early with the list of known releases
				opts.vbrVersion = v;
				break;
			}
			case '--appliance-repositories': opts.applianceRepositories = true; break;
			case '--version-error': {
				const v = value();
				if (v !== 'spec' && v !== 'legacy') throw new Error(`--version-error is spec or legacy (got ${v})`);
				opts.versionErrorStyle = v;
				break;
			}
			case '-h': case '--help': console.log(USAGE); process.exit(0); break;
			default: throw new Error(`Unknown option ${arg}\n${USAGE}`);
		}
	}
	return opts;
}

async function main() {
	let opts;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(/** @type {Error} */ (e).message);
		process.exit(2);
	}
	const sim = await startSimulator(opts);
	const lines = [
		`Veeam B&R REST API simulator listening on ${sim.url}`,
		`  VBR build:     ${sim.buildVersion}`,
		`  API versions:  ${sim.supportedVersions.join(', ')}`,
		`  Username:      ${sim.username}`,
		`  Password:      ${sim.password}`,
	];
	if (sim.certificateFingerprint256) lines.push(`  Certificate SHA-256 fingerprint: ${sim.certificateFingerprint256}`);
	lines.push(`  Repositories:  ${sim.store.repositories.size}`, `  Control API:   ${sim.url}/__sim/ (reset, requests, faults, config, inventory)`, '  Press Ctrl+C to stop.');
	console.log(lines.join('\n'));
	let stopping = false;
	/** @param {string} signal */
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal} received, stopping.`);
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
