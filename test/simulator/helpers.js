// @ts-check
'use strict';

/**
 * Shared helpers for the simulator tests: start a simulator, an axios client that logs in, session polling and
 * valid request bodies for every repository type the seed can host.
 */
const axios = require('axios').default;
const https = require('https');
const { startSimulator } = require('../../simulator');
const { SEED } = require('../../simulator/seed');
const { features, enumOut } = require('../../simulator/versions');

const USERNAME = 'administrator';
const PASSWORD = 'Veeam-Sim-Passw0rd!';

/** @param {import('../../simulator').SimulatorOptions} [opts] */
function startHttp(opts = {}) {
	return startSimulator({ protocol: 'http', sessionDurationMs: 150, ...opts });
}

/**
 * An axios client for one API revision. Every answer resolves (no throw on 4xx/5xx).
 * @param {{ url: string, certificatePem?: string }} sim @param {string} version
 */
function client(sim, version) {
	const http = axios.create({
		baseURL: sim.url,
		validateStatus: () => true,
		headers: { 'x-api-version': version },
		httpsAgent: sim.certificatePem ? new https.Agent({ ca: sim.certificatePem }) : undefined,
		// Arrays as repeated keys (typeFilter=A&typeFilter=B), the OpenAPI form/explode default.
		paramsSerializer: { indexes: null },
	});
	const api = {
		http,
		version,
		/** @type {any} the TokenModel of the last login */
		auth: null,
		/** POST /api/oauth2/token (form); defaults to the password grant. @param {Record<string, string>} [form] */
		async requestToken(form) {
			const body = new URLSearchParams(form || { grant_type: 'password', username: USERNAME, password: PASSWORD }).toString();
			return http.post('/api/oauth2/token', body, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		},
		async login() {
			const res = await api.requestToken();
			if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.data)}`);
			api.auth = res.data;
			http.defaults.headers.common.Authorization = `Bearer ${res.data.access_token}`;
			return res.data;
		},
		/** @param {string} path @param {Record<string, any>} [params] */
		get: (path, params) => http.get(path, { params }),
		/** @param {string} path @param {any} [body] @param {Record<string, any>} [params] */
		post: (path, body, params) => http.post(path, body, { params }),
		/** @param {string} path @param {any} body */
		put: (path, body) => http.put(path, body),
		/** @param {string} path @param {Record<string, any>} [params] */
		del: (path, params) => http.delete(path, { params }),
		/**
		 * Poll a session until it is Stopped.
		 * @param {string} id @param {number} [timeoutMs]
		 */
		async waitForSession(id, timeoutMs = 10000) {
			const end = Date.now() + timeoutMs;
			for (;;) {
				const res = await http.get(`/api/v1/sessions/${id}`);
				if (res.status !== 200) throw new Error(`session ${id}: ${res.status} ${JSON.stringify(res.data)}`);
				if (res.data.state === 'Stopped') return res.data;
				if (Date.now() > end) throw new Error(`session ${id} still ${res.data.state}`);
				await sleep(25);
			}
		},
	};
	return api;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Wait until a condition holds (polling), instead of sleeping a fixed time and hoping it does.
 * @param {() => Promise<boolean> | boolean} condition @param {number} [timeoutMs]
 */
async function waitFor(condition, timeoutMs = 10000) {
	const end = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
		await sleep(5);
	}
}

const REPOS = '/api/v1/backupInfrastructure/repositories';
const SOBRS = '/api/v1/backupInfrastructure/scaleOutRepositories';

const IDS = {
	vbr01: SEED.managedServers['vbr01.lab.local'],
	winRepo01: SEED.managedServers['win-repo01.lab.local'],
	lnxRepo01: SEED.managedServers['lnx-repo01.lab.local'],
	hardened01: SEED.managedServers['lnx-hardened01.lab.local'],
	gw01: SEED.managedServers['gw01.lab.local'],
	vcenter: SEED.managedServers['vcenter01.lab.local'],
	smbCreds: SEED.credentials['LAB\\smb-backup'],
	rootCreds: SEED.credentials.root,
	awsCloud: SEED.cloudCredentials.AKIASIMULATOR0000001,
	minioCloud: SEED.cloudCredentials['minio-veeam'],
	azureCloud: SEED.cloudCredentials.labveeambackup,
	sobr: SEED.scaleOutRepositories['SOBR Primary'],
	extent1: SEED.repositories['SOBR Extent 01'],
	extent2: SEED.repositories['SOBR Extent 02'],
	extent3: SEED.repositories['SOBR Extent 03'],
	capacity: SEED.repositories['SOBR Capacity S3'],
};

/**
 * The mountServer object for a revision.
 * @param {string} version @param {'Windows'|'Linux'|'Both'} [kind]
 */
function mountServer(version, kind = 'Windows') {
	const windows = { mountServerId: IDS.vbr01, writeCacheFolder: 'C:\\ProgramData\\Veeam\\Backup\\IRCache\\', vPowerNFSEnabled: true, vPowerNFSPortSettings: { mountPort: 1058, vPowerNFSPort: 2049 } };
	const linux = { mountServerId: IDS.lnxRepo01, writeCacheFolder: '/var/lib/veeam/IRCache/', vPowerNFSEnabled: true };
	if (version.startsWith('1.2')) return kind === 'Linux' ? linux : windows;
	// The revision's own spelling (1.3-rev0 writes this enum in camelCase), from the spec-derived data.
	const type = enumOut(features(version), 'EMountServerSettingsType', kind);
	return {
		mountServerSettingsType: type,
		...(kind !== 'Linux' ? { windows } : {}),
		...(kind !== 'Windows' ? { linux } : {}),
	};
}

/**
 * A valid RepositorySpec of a type, for a revision.
 * @param {string} type @param {string} version @param {string} name @param {Record<string, any>} [over]
 */
function repositorySpec(type, version, name, over = {}) {
	const ms = mountServer(version, type === 'LinuxLocal' || type === 'LinuxHardened' ? 'Linux' : 'Windows');
	/** @type {Record<string, any>} */
	const bodies = {
		WinLocal: { hostId: IDS.winRepo01, repository: { path: `D:\\Backups\\${name}`, maxTaskCount: 2, taskLimitEnabled: true }, mountServer: ms },
		LinuxLocal: { hostId: IDS.lnxRepo01, repository: { path: `/mnt/backup/${name}`, useFastCloningOnXFSVolumes: true }, mountServer: ms },
		LinuxHardened: { hostId: IDS.hardened01, repository: { path: `/mnt/hardened/${name}`, makeRecentBackupsImmutableDays: 21 }, mountServer: ms },
		Smb: { share: { sharePath: `\\\\nas01.lab.local\\${name}`, credentialsId: IDS.smbCreds, gatewayServer: { autoSelectEnabled: false, gatewayServerIds: [IDS.gw01] } }, repository: {}, mountServer: ms },
		Nfs: { share: { sharePath: `nas02.lab.local:/export/${name}`, gatewayServer: { autoSelectEnabled: true } }, repository: { maxTaskCount: 3 }, mountServer: ms },
		S3Compatible: {
			account: { servicePoint: 'https://minio.lab.local:9000', regionId: 'us-east-1', credentialsId: IDS.minioCloud, connectionSettings: { connectionType: 'Direct' } },
			bucket: { bucketName: 'veeam-new', folderName: name, immutability: { isEnabled: true, daysCount: 7 } },
			mountServer: ms,
		},
		AmazonS3: {
			account: { credentialsId: IDS.awsCloud, regionType: 'Global', connectionSettings: { connectionType: 'SelectedGateway', gatewayServerIds: [IDS.gw01] } },
			bucket: { regionId: 'eu-west-1', bucketName: 'lab-veeam-new', folderName: name },
			mountServer: ms,
		},
		AzureBlob: {
			account: { credentialsId: IDS.azureCloud, regionType: 'Global', connectionSettings: { connectionType: 'Direct' } },
			container: { containerName: 'veeam-new', folderName: name },
			mountServer: ms,
		},
	};
	if (!bodies[type]) throw new Error(`no spec template for ${type}`);
	return { name, description: `Test ${type} repository`, type, ...bodies[type], ...over };
}

module.exports = { startHttp, client, sleep, waitFor, repositorySpec, mountServer, IDS, SEED, REPOS, SOBRS, USERNAME, PASSWORD };
