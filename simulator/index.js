// @ts-check
'use strict';

/**
 * Veeam Backup & Replication REST API simulator: a stateful, spec-shaped stand-in for a VBR server on localhost.
 *
 *   const { startSimulator } = require('./simulator');
 *   const sim = await startSimulator({ protocol: 'http' });
 *   // sim.url, sim.certificatePem (https), sim.store, sim.control, sim.seed, await sim.close()
 *
 * See simulator/README.md for the behaviour, the seed and the control API.
 */
const http = require('http');
const https = require('https');
const crypto = require('crypto');
const { Router } = require('./router');
const { Store } = require('./store');
const { SessionService } = require('./sessions');
const { TokenService } = require('./tokens');
const { FaultService } = require('./faults');
const { RequestLog } = require('./requestLog');
const { Clock } = require('./clock');
const { createApp } = require('./app');
const { createControl } = require('./control');
const { seedStore, seedSessions, SEED } = require('./seed');
const { ALL_VERSIONS, sortNewestFirst, DEFAULT_VBR_VERSION, vbrRelease, versionsOfRelease, releaseForVersions } = require('./versions');

const ROUTES = ['auth', 'serverInfo', 'managedServers', 'mountServers', 'credentials', 'repositories', 'repositoryStates', 'repositoryAccess', 'scaleOutRepositories', 'sessions'];

/**
 * @typedef {object} SimulatorOptions
 * @property {'http'|'https'} [protocol] default 'https' (as VBR)
 * @property {string} [host] default '127.0.0.1'
 * @property {number} [port] default 0 (ephemeral)
 * @property {number} [repositories] total repository count (seed + generated 'Repo 000001'…), e.g. 100000
 * @property {number} [tokenLifetimeSeconds] default 900
 * @property {number} [sessionDurationMs] default 1500
 * @property {string} [vbrVersion] the VBR release to be: '13.1' (API up to 1.3-rev2), '13.0.1' (up to 1.3-rev1, the
 *   default), '13.0.0' (up to 1.3-rev0), '12.3.1' (up to 1.2-rev1), '12.3.0' (1.2-rev0); sets the supported
 *   revisions and the build `GET /serverInfo` names
 * @property {string[]} [supportedVersions] default: every revision of `vbrVersion`; given alone, the release is the one
 *   whose newest revision is the newest listed
 * @property {boolean} [applianceRepositories] also seed repositories of types REST cannot create (Data Domain,
 *   ExaGrid, tape, an external S3 repository); off by default so existing counts stay
 * @property {boolean} [immutableRepositories] also seed one repository of every type that can be immutable (seed.js
 *   seedImmutableRepositories); off by default so existing counts stay
 * @property {string} [username] default 'administrator'
 * @property {string} [password] default 'Veeam-Sim-Passw0rd!'
 * @property {'service'|'user'} [sessionsInitiatedBy] default 'service': REST-started sessions name `.\\veeam-rest-service`
 *   in `initiatedBy`, as a real VBR does; 'user' names the account that logged in
 * @property {'spec'|'legacy'} [versionErrorStyle] wording of the 400 for an unsupported x-api-version: 'spec' (default)
 *   "The specified API version is not supported. Supported versions: 1.3-rev1, …." or 'legacy' (as a VBR 11 said it)
 *   "Unsupported RESTAPI version. The following versions are supported: v1.3-rev1, …."
 * @property {{ key: string, cert: string }} [certificate] use this instead of generating one (https)
 */

/**
 * Self-signed certificate for localhost / 127.0.0.1 (selfsigned v5 is async).
 * @param {string} host
 */
async function generateCertificate(host) {
	const selfsigned = require('selfsigned');
	/** @type {Array<{ type: 2 | 7, value?: string, ip?: string }>} */
	const altNames = [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }];
	if (host && !['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'].includes(host)) {
		altNames.push(/^[\d.]+$/.test(host) || host.includes(':') ? { type: 7, ip: host } : { type: 2, value: host });
	}
	const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'Veeam VBR Simulator' }], {
		keySize: 2048,
		algorithm: 'sha256',
		extensions: [
			{ name: 'basicConstraints', cA: false },
			{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{ name: 'subjectAltName', altNames },
		],
	});
	return { key: pems.private, cert: pems.cert };
}

/**
 * Start a simulator.
 * @param {SimulatorOptions} [opts]
 */
async function startSimulator(opts = {}) {
	const options = {
		protocol: /** @type {'http'|'https'} */ (opts.protocol || 'https'),
		host: opts.host || '127.0.0.1',
		port: opts.port === undefined ? 0 : Number(opts.port),
		repositories: opts.repositories,
		tokenLifetimeSeconds: opts.tokenLifetimeSeconds === undefined ? 900 : Number(opts.tokenLifetimeSeconds),
		sessionDurationMs: opts.sessionDurationMs === undefined ? 1500 : Number(opts.sessionDurationMs),
		supportedVersions: opts.supportedVersions || versionsOfRelease(opts.vbrVersion || DEFAULT_VBR_VERSION),
		username: opts.username || 'administrator',
		password: opts.password || 'Veeam-Sim-Passw0rd!',
		sessionsInitiatedBy: opts.sessionsInitiatedBy === 'user' ? /** @type {const} */ ('user') : /** @type {const} */ ('service'),
	};
	if (options.protocol !== 'http' && options.protocol !== 'https') throw new Error(`protocol must be 'http' or 'https'`);
	const unknown = options.supportedVersions.filter((v) => !ALL_VERSIONS.includes(v));
	if (unknown.length || !options.supportedVersions.length) {
		throw new Error(`supportedVersions must be a non-empty subset of ${ALL_VERSIONS.join(', ')} (got ${unknown.join(', ')})`);
	}
	const supportedVersions = sortNewestFirst(options.supportedVersions);
	const release = opts.vbrVersion ? vbrRelease(opts.vbrVersion) : opts.supportedVersions ? releaseForVersions(supportedVersions) : vbrRelease(DEFAULT_VBR_VERSION);

	const config = {
		sessionDurationMs: options.sessionDurationMs,
		tokenLifetimeSeconds: options.tokenLifetimeSeconds,
		/** @type {Array<{ result: string, message?: string }>} */
		nextSessionResults: [],
	};
	const clock = new Clock();
	const store = new Store();
	const sessions = new SessionService(config);
	store.settle = () => sessions.settle(clock.now());
	const tokens = new TokenService(config);
	const faults = new FaultService();
	const log = new RequestLog();

	const seedAll = () => {
		store.clear();
		seedStore(store, {
			repositories: options.repositories,
			applianceRepositories: !!opts.applianceRepositories,
			immutableRepositories: !!opts.immutableRepositories,
		});
		sessions.reset();
		for (const s of seedSessions(clock.now())) sessions.addCompleted(s);
	};
	seedAll();

	const ctx = { store, sessions, tokens, config, options: { ...options, supportedVersions, buildVersion: release.build } };
	const router = new Router();
	for (const name of ROUTES) require(`./routes/${name}`)(router, ctx);

	const { control, handleHttp } = createControl({
		store, sessions, tokens, faults, log, config, clock,
		reset: () => {
			seedAll();
			faults.clear();
			log.clear();
			config.sessionDurationMs = options.sessionDurationMs;
			config.tokenLifetimeSeconds = options.tokenLifetimeSeconds;
			config.nextSessionResults.length = 0;
		},
	});

	let closed = false;
	/** @type {Set<NodeJS.Timeout>} */
	const timers = new Set();
	/** @type {Set<import('net').Socket>} */
	const sockets = new Set();
	/** @type {Set<import('http').ServerResponse>} */
	const hung = new Set();

	/** Latency faults: resolves true after ms, or never if the simulator closes first. @param {number} ms */
	const delay = (ms) => new Promise((resolve) => {
		if (closed) return resolve(false);
		const t = setTimeout(() => { timers.delete(t); resolve(!closed); }, ms);
		timers.add(t);
	});

	const tls = options.protocol === 'https';
	const handle = createApp({ router, log, faults, sessions, tokens, supportedVersions, tls, delay, control: handleHttp, hung, clock, sessionsInitiatedBy: options.sessionsInitiatedBy, versionErrorStyle: opts.versionErrorStyle === 'legacy' ? 'legacy' : 'spec' });
	/** @param {import('http').IncomingMessage} req @param {import('http').ServerResponse} res */
	const listener = (req, res) => {
		handle(req, res).catch(() => {
			if (!res.headersSent) {
				res.statusCode = 500;
				res.end();
			}
		});
	};

	let certificatePem;
	let certificateFingerprint256;
	/** @type {http.Server} */
	let server;
	if (tls) {
		const pair = opts.certificate || (await generateCertificate(options.host));
		certificatePem = pair.cert;
		certificateFingerprint256 = new crypto.X509Certificate(pair.cert).fingerprint256;
		server = https.createServer({ key: pair.key, cert: pair.cert }, listener);
	} else {
		server = http.createServer(listener);
	}
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('secureConnection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('clientError', (_err, socket) => socket.destroy());

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = /** @type {import('net').AddressInfo} */ (server.address());
	const hostForUrl = address.family === 'IPv6' || options.host.includes(':') ? `[${options.host}]` : options.host;
	const url = `${options.protocol}://${hostForUrl}:${address.port}`;

	return {
		/** Base URL without trailing slash, e.g. http://127.0.0.1:40123 */
		url,
		port: address.port,
		protocol: options.protocol,
		/** PEM of the generated certificate (https only). */
		certificatePem,
		/** SHA-256 fingerprint, colon-separated hex (https only). */
		certificateFingerprint256,
		username: options.username,
		password: options.password,
		supportedVersions,
		/** The VBR build this simulator pretends to be (GET /serverInfo buildVersion). */
		buildVersion: release.build,
		/** The live inventory (reads apply finished sessions first). */
		store,
		/** Session records, for white-box assertions. */
		sessions,
		/** Test control operations (same as the /__sim HTTP API). */
		control,
		/** In-process only: every access and refresh token issued so far (the request log shows them redacted). */
		issuedTokens: () => [...tokens.access.keys(), ...tokens.refresh.keys()],
		/** Names → IDs of the seeded objects. */
		seed: SEED,
		/** Close the server, every socket (including hung requests) and pending latency timers. */
		async close() {
			if (closed) return;
			closed = true;
			for (const t of timers) clearTimeout(t);
			timers.clear();
			for (const res of hung) res.destroy();
			hung.clear();
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
				for (const s of sockets) s.destroy();
			});
		},
	};
}

module.exports = { startSimulator, SEED, ALL_VERSIONS };
