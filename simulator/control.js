// @ts-check
'use strict';

/**
 * Test control: the same operations as async methods (`sim.control`) and over HTTP under /__sim/ for tests that
 * run the simulator in another process. Control requests need no auth and are never logged or faulted; over HTTP
 * they are answered only from loopback (403 otherwise).
 *
 *   POST   /__sim/reset                        restore the seed inventory, sessions, config; clear faults and log
 *   GET    /__sim/requests                     request log        DELETE /__sim/requests   clear it
 *   POST   /__sim/faults  (spec or [specs])    inject             DELETE /__sim/faults     clear   GET: list
 *   POST   /__sim/tokens/expire                expire every access token issued so far
 *   POST   /__sim/clock/advance  { ms }         move the simulator's clock forward (sessions end, tokens expire)
 *   PATCH  /__sim/config                       { sessionDurationMs, tokenLifetimeSeconds, nextSessionResults }
 *   PATCH  /__sim/repositories/{id}/state      { capacityGB, freeGB, usedSpaceGB, isOnline, isOutOfDate }
 *   POST   /__sim/repositories                 add a repository directly (no session)
 *   DELETE /__sim/repositories/{id}            remove a repository directly (also from its SOBR)
 *   GET    /__sim/inventory                    counts and compact lists (?limit=, default 1000 repositories)
 *   POST   /__sim/foreignOwners            { path, owner }  another backup server owns this repository path
 *                                          (an Add of it fails unless overwriteOwner=true)
 *   POST   /__sim/sessions/{id}/actionRequired { message }   a running session waits for a console action
 *   POST   /__sim/sessions/{id}/resume         the action was taken: the session goes on
 */
const { readBody } = require('./router');
const { randomId, isUuid } = require('./ids');
const { features, canonicalEnum } = require('./versions');
const { repositoryFromModel } = require('./repositorySpecs');
const { initialState } = require('./routes/repositories');
const { SEED } = require('./seed');
const { clone } = require('./shaping');

/**
 * The control API resets, reads the request log and injects faults without authentication, so it
 * answers only clients on this machine, even when the API itself listens on another address.
 * @param {string | undefined} address a socket's remoteAddress
 */
function isLoopbackAddress(address) {
	if (!address) return false;
	const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
	return v4.startsWith('127.') || address === '::1';
}

class ControlError extends Error {
	/** @param {number} status @param {string} message */
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

/**
 * A plausible full model for a repository added with only a few fields.
 * @param {string} type @param {string} name
 */
function template(type, name) {
	const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
	const windows = {
		mountServerSettingsType: 'Windows',
		windows: { mountServerId: SEED.backupServerId, writeCacheFolder: 'C:\\ProgramData\\Veeam\\Backup\\IRCache\\', vPowerNFSEnabled: true, vPowerNFSPortSettings: { mountPort: 1058, vPowerNFSPort: 2049 } },
	};
	const linux = {
		mountServerSettingsType: 'Linux',
		linux: { mountServerId: SEED.managedServers['lnx-repo01.lab.local'], writeCacheFolder: '/var/lib/veeam/IRCache/', vPowerNFSEnabled: true, vPowerNFSPortSettings: { mountPort: 1063, vPowerNFSPort: 2049 } },
	};
	switch (type) {
		case 'WinLocal':
			return { hostId: SEED.managedServers['win-repo01.lab.local'], repository: { path: `D:\\Backups\\${name}` }, mountServer: windows };
		case 'LinuxLocal':
			return { hostId: SEED.managedServers['lnx-repo01.lab.local'], repository: { path: `/mnt/backup/${slug}` }, mountServer: linux };
		case 'LinuxHardened':
			return { hostId: SEED.managedServers['lnx-hardened01.lab.local'], repository: { path: `/mnt/veeam/${slug}`, makeRecentBackupsImmutableDays: 14 }, mountServer: linux };
		case 'Smb':
			return { share: { sharePath: `\\\\nas01.lab.local\\${slug}`, credentialsId: SEED.credentials['LAB\\smb-backup'], gatewayServer: { autoSelectEnabled: true } }, repository: {}, mountServer: windows };
		case 'Nfs':
			return { share: { sharePath: `nas02.lab.local:/export/${slug}`, gatewayServer: { autoSelectEnabled: true } }, repository: {}, mountServer: windows };
		case 'S3Compatible':
			return {
				account: { servicePoint: 'https://minio.lab.local:9000', regionId: 'us-east-1', credentialsId: SEED.cloudCredentials['minio-veeam'], connectionSettings: { connectionType: 'Direct' } },
				bucket: { bucketName: slug, folderName: 'vbr01' },
				mountServer: windows,
			};
		default:
			return {};
	}
}

/** @param {any} base @param {any} over */
function deepMerge(base, over) {
	if (!over || typeof over !== 'object' || Array.isArray(over)) return over === undefined ? base : over;
	const out = { ...(base && typeof base === 'object' && !Array.isArray(base) ? base : {}) };
	for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v);
	return out;
}

/**
 * @param {object} sim
 * @param {import('./store').Store} sim.store
 * @param {import('./sessions').SessionService} sim.sessions
 * @param {import('./tokens').TokenService} sim.tokens
 * @param {import('./faults').FaultService} sim.faults
 * @param {import('./requestLog').RequestLog} sim.log
 * @param {import('./clock').Clock} sim.clock
 * @param {{ sessionDurationMs: number, tokenLifetimeSeconds: number, nextSessionResults: any[] }} sim.config
 * @param {() => void} sim.reset
 */
function createControl(sim) {
	const { store, tokens, faults, log, config, clock } = sim;
	const f13 = features('1.3-rev1');

	const control = {
		/** Restore the seed inventory, sessions and configuration; clear faults and the request log. Tokens stay valid. */
		async reset() {
			sim.reset();
		},
		/** The request log (copies). */
		async requests() {
			return log.list();
		},
		async clearRequests() {
			log.clear();
		},
		/** @param {import('./faults').FaultSpec | import('./faults').FaultSpec[]} spec @returns {Promise<number[]>} fault ids */
		async injectFault(spec) {
			try {
				return faults.inject(spec);
			} catch (e) {
				throw new ControlError(400, /** @type {Error} */ (e).message);
			}
		},
		async faults() {
			return faults.list();
		},
		async clearFaults() {
			faults.clear();
		},
		/** Every access token issued so far answers 401 ExpiredToken from now on (refresh tokens still work). */
		async expireTokens() {
			tokens.expireAll(clock.now());
		},
		/**
		 * Move the simulator's clock forward: sessions finish and tokens expire as if `ms` had passed.
		 * @param {number} ms @returns {Promise<{ now: string }>} the simulator's time afterwards
		 */
		async advanceClock(ms) {
			try {
				return { now: new Date(clock.advance(ms)).toISOString() };
			} catch (e) {
				throw new ControlError(400, /** @type {Error} */ (e).message);
			}
		},
		/**
		 * @param {{ sessionDurationMs?: number, tokenLifetimeSeconds?: number, nextSessionResults?: Array<{ result: string, message?: string }> }} patch
		 * `nextSessionResults` replaces the queue; each started session takes the next entry.
		 */
		async configure(patch = {}) {
			if (patch.sessionDurationMs !== undefined) {
				if (!(Number(patch.sessionDurationMs) >= 0)) throw new ControlError(400, 'sessionDurationMs must be a number >= 0');
				config.sessionDurationMs = Number(patch.sessionDurationMs);
			}
			if (patch.tokenLifetimeSeconds !== undefined) {
				if (!(Number(patch.tokenLifetimeSeconds) > 0)) throw new ControlError(400, 'tokenLifetimeSeconds must be a number > 0');
				config.tokenLifetimeSeconds = Number(patch.tokenLifetimeSeconds);
			}
			if (patch.nextSessionResults !== undefined) {
				if (!Array.isArray(patch.nextSessionResults)) throw new ControlError(400, 'nextSessionResults must be an array');
				const queue = patch.nextSessionResults.map((r, i) => {
					// Any other non-empty word stands for a result a newer VBR might send (clients must not take it for success).
					const other = r && typeof r.result === 'string' && /^[A-Za-z]+$/.test(r.result) ? r.result : null;
					const result = canonicalEnum(['Success', 'Warning', 'Failed'], r && r.result) || other;
					if (!result) throw new ControlError(400, `nextSessionResults[${i}].result must be Success, Warning, Failed or another word`);
					return { result, ...(r.message ? { message: String(r.message) } : {}) };
				});
				config.nextSessionResults.splice(0, config.nextSessionResults.length, ...queue);
			}
			return { sessionDurationMs: config.sessionDurationMs, tokenLifetimeSeconds: config.tokenLifetimeSeconds, nextSessionResults: clone(config.nextSessionResults) };
		},
		/**
		 * Change what GET repositories/states reports; only the given fields change.
		 * @param {string} id @param {Partial<import('./store').RepositoryState>} patch
		 */
		async setRepositoryState(id, patch = {}) {
			const rid = String(id).toLowerCase();
			if (!store.getRepository(rid)) throw new ControlError(404, `Repository ${id} does not exist`);
			for (const k of ['capacityGB', 'freeGB', 'usedSpaceGB']) {
				const v = /** @type {any} */ (patch)[k];
				// null stands for a server that sends null where the schema says a number (clients must cope).
				if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw new ControlError(400, `${k} must be a number or null`);
			}
			for (const k of ['isOnline', 'isOutOfDate']) {
				const v = /** @type {any} */ (patch)[k];
				if (v !== undefined && typeof v !== 'boolean') throw new ControlError(400, `${k} must be a boolean`);
			}
			const record = store.patchRepositoryState(rid, patch);
			return { ...(/** @type {any} */ (record).state) };
		},
		/**
		 * Change a repository's settings at once, as an admin would in the console (no session): the patch is
		 * deep-merged into the stored 1.3-rev1-shaped model (plus the 1.3-rev2 fields), so every revision and
		 * every answer (repositories, scale-out, states) sees the change. Arrays replace, `id` and `type` cannot
		 * change. E.g. `{ repository: { makeRecentBackupsImmutableDays: 7 } }` shortens a hardened repository's
		 * immutability; `{ bucket: { immutability: { isEnabled: false } } }` disables an S3 one.
		 * @param {string} id @param {Record<string, any>} patch
		 */
		async updateRepository(id, patch = {}) {
			const rid = String(id).toLowerCase();
			const record = store.getRepository(rid);
			if (!record) throw new ControlError(404, `Repository ${id} does not exist`);
			if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new ControlError(400, 'updateRepository takes an object to merge into the model');
			for (const k of ['id', 'type', 'uniqueId']) {
				if (k in patch && patch[k] !== record.model[k]) throw new ControlError(400, `${k} cannot change`);
			}
			const model = deepMerge(clone(record.model), patch);
			store.replaceRepositoryModel(rid, model);
			return clone(model);
		},
		/**
		 * Remove a repository at once (as if someone deleted it in the console); it also leaves its SOBR.
		 * @param {string} id
		 */
		async removeRepository(id) {
			const rid = String(id).toLowerCase();
			if (!store.getRepository(rid)) throw new ControlError(404, `Repository ${id} does not exist`);
			for (const sobr of store.scaleOutRepositories.values()) {
				sobr.performanceTier.performanceExtents = sobr.performanceTier.performanceExtents.filter((/** @type {any} */ e) => e.id !== rid);
				if (sobr.capacityTier && sobr.capacityTier.extents) {
					sobr.capacityTier.extents = sobr.capacityTier.extents.filter((/** @type {any} */ e) => e.id !== rid);
					if (!sobr.capacityTier.extents.length) sobr.capacityTier.isEnabled = false;
				}
				if (sobr.archiveTier && sobr.archiveTier.extentId === rid) sobr.archiveTier = { isEnabled: false };
			}
			store.deleteRepository(rid);
			store.rebuildMembership();
		},
		/**
		 * Add a repository at once (no session). Takes a 1.3-rev1 RepositoryModel; with only `name` and `type`
		 * (WinLocal, LinuxLocal, LinuxHardened, Smb, Nfs, S3Compatible) the rest is filled in. `state` sets the
		 * initial state. Returns the stored model.
		 * @param {any} input
		 */
		async addRepository(input = {}) {
			const { state, ...rest } = input || {};
			if (!rest.name || !rest.type) throw new ControlError(400, 'addRepository needs at least name and type');
			const id = rest.id && isUuid(rest.id) ? String(rest.id).toLowerCase() : randomId();
			if (store.repositories.has(id)) throw new ControlError(400, `Repository ${id} already exists`);
			const body = deepMerge(template(rest.type, rest.name), { description: '', ...rest, id });
			let model;
			try {
				const placeholder = { id, model: { type: body.type, name: '', uniqueId: undefined }, state: initialState(body), seq: 0 };
				model = repositoryFromModel(body, f13, store, /** @type {any} */ (placeholder));
			} catch (e) {
				throw new ControlError(400, /** @type {Error} */ (e).message);
			}
			const record = store.insertRepository(model, { ...initialState(model), ...(state || {}) });
			return clone(record.model);
		},
		/**
		 * Another backup server owns this path (folder, share, bucket/folder): an Add of a repository there fails
		 * unless it sends overwriteOwner=true. @param {{ path?: string, owner?: string }} input
		 */
		async markForeignOwned(input = {}) {
			if (!input.path) throw new ControlError(400, 'foreignOwners needs a path');
			const owner = String(input.owner || 'vbr-old.lab.local');
			store.foreignOwners.set(String(input.path).toLowerCase(), owner);
			return { path: input.path, owner };
		},
		/**
		 * Put a running session into ActionRequired (1.3-rev2; older revisions see it Working) with VBR's message.
		 * It neither progresses nor ends until `resumeSession` or POST /sessions/{id}/stop.
		 * @param {string} id @param {string} [message]
		 */
		async requireSessionAction(id, message = 'Waiting for user action: confirm the operation in the console') {
			const rec = sim.sessions.get(id);
			if (!rec) throw new ControlError(404, `Session ${id} does not exist`);
			if (!sim.sessions.requireAction(rec, String(message), clock.now())) throw new ControlError(400, `Session ${id} has already finished`);
			return { id: rec.id, message: String(message) };
		},
		/** @param {string} id */
		async resumeSession(id) {
			const rec = sim.sessions.get(id);
			if (!rec) throw new ControlError(404, `Session ${id} does not exist`);
			if (!sim.sessions.resume(rec, clock.now())) throw new ControlError(400, `Session ${id} is not waiting for an action`);
			return { id: rec.id };
		},
		/** @param {{ limit?: number }} [opts] */
		async inventory(opts = {}) {
			const limit = opts.limit === undefined ? 1000 : Number(opts.limit);
			const repos = store.listRepositories();
			return {
				counts: { ...store.counts(), sessions: sim.sessions.sessions.size, runningSessions: sim.sessions.pending.length },
				config: { sessionDurationMs: config.sessionDurationMs, tokenLifetimeSeconds: config.tokenLifetimeSeconds, nextSessionResults: clone(config.nextSessionResults) },
				managedServers: store.listManagedServers().map((s) => ({ id: s.id, name: s.name, type: s.type, status: s.status })),
				credentials: [...store.credentials.values()].map((c) => ({ id: c.id, username: c.username, type: c.type })),
				cloudCredentials: [...store.cloudCredentials.values()].map((c) => ({ id: c.id, type: c.type, name: c.account || c.accessKey })),
				repositories: repos.slice(0, limit).map((r) => ({ id: r.id, name: r.model.name, type: r.model.type, state: { ...r.state }, scaleOut: store.membershipOf(r.id) || null })),
				scaleOutRepositories: store.listScaleOutRepositories().map((s) => ({
					id: s.id,
					name: s.name,
					performanceExtents: s.performanceTier.performanceExtents.map((/** @type {any} */ e) => ({ id: e.id, status: [...e.status] })),
					capacityExtents: ((s.capacityTier && s.capacityTier.extents) || []).map((/** @type {any} */ e) => e.id),
				})),
			};
		},
	};

	/**
	 * @param {import('http').IncomingMessage} req @param {import('http').ServerResponse} res @param {string} path @param {URL} url
	 */
	async function handleHttp(req, res, path, url) {
		const method = (req.method || 'GET').toUpperCase();
		/** @param {number} status @param {any} body */
		const reply = (status, body) => {
			const text = JSON.stringify(body === undefined ? { ok: true } : body);
			res.statusCode = status;
			res.setHeader('Content-Type', 'application/json; charset=utf-8');
			res.setHeader('Content-Length', Buffer.byteLength(text));
			res.end(text);
		};
		if (!isLoopbackAddress(req.socket.remoteAddress)) {
			return reply(403, { error: 'The simulator control API answers only on loopback (127.0.0.1, ::1)' });
		}
		try {
			const raw = (await readBody(req)).toString('utf8');
			let body;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				throw new ControlError(400, 'Control requests take JSON bodies');
			}
			const parts = path.split('/').filter(Boolean).slice(1); // drop '__sim'
			const route = `${method} ${parts.map((p, i) => (parts[i - 1] === 'repositories' || parts[i - 1] === 'sessions' ? '{id}' : p)).join('/')}`;
			switch (route) {
				case 'POST reset': return reply(200, await control.reset());
				case 'GET requests': return reply(200, await control.requests());
				case 'DELETE requests': return reply(200, await control.clearRequests());
				case 'GET faults': return reply(200, await control.faults());
				case 'POST faults': return reply(200, { ids: await control.injectFault(body) });
				case 'DELETE faults': return reply(200, await control.clearFaults());
				case 'POST tokens/expire': return reply(200, await control.expireTokens());
				case 'POST clock/advance': return reply(200, await control.advanceClock(body && body.ms));
				case 'PATCH config': return reply(200, await control.configure(body || {}));
				case 'PATCH repositories/{id}/state': return reply(200, await control.setRepositoryState(parts[1], body || {}));
				case 'POST repositories': return reply(201, await control.addRepository(body || {}));
				case 'PATCH repositories/{id}': return reply(200, await control.updateRepository(parts[1], body || {}));
				case 'DELETE repositories/{id}': return reply(200, await control.removeRepository(parts[1]));
				case 'POST foreignOwners': return reply(200, await control.markForeignOwned(body || {}));
				case 'POST sessions/{id}/actionRequired': return reply(200, await control.requireSessionAction(parts[1], body && body.message));
				case 'POST sessions/{id}/resume': return reply(200, await control.resumeSession(parts[1]));
				case 'GET inventory': {
					const limit = url.searchParams.get('limit');
					return reply(200, await control.inventory(limit === null ? {} : { limit: Number(limit) }));
				}
				default:
					throw new ControlError(404, `Unknown control endpoint ${method} ${path}`);
			}
		} catch (e) {
			const status = e instanceof ControlError ? e.status : 500;
			reply(status, { error: /** @type {Error} */ (e).message });
		}
	}

	return { control, handleHttp };
}

module.exports = { createControl, ControlError, isLoopbackAddress };
