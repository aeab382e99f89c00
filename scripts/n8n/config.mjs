// Pinned versions and paths shared by `npm start`, the provisioning and the end-to-end tests.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** n8n 2.41.1 pins n8n-core 2.41.1 (2.41.3, npm's "latest", pins an n8n-core the registry lacks). */
export const N8N_VERSION = '2.41.1';
export const N8N_CORE_VERSION = '2.41.1';
/** n8n 2.36+ refuses Node < 24; this Node comes from the npm registry as node-<platform>-<arch>. */
export const NODE24_VERSION = '24.21.0';
/** Bump when the cache layout or the install steps change: older caches are then redone. */
export const PROVISION_FORMAT = 1;

export const PACKAGE_NAME = 'n8n-nodes-veeam-backup';
export const NODE_TYPE = `${PACKAGE_NAME}.veeamRepository`;
export const TRIGGER_TYPE = `${PACKAGE_NAME}.veeamRepositoryTrigger`;
export const CREDENTIAL_TYPE = 'veeamBackupApi';

/** Where n8n is installed: outside the repository, reused by every checkout and by CI. */
export function cacheDir(env = process.env) {
	if (env.VEEAM_N8N_CACHE_DIR) return path.resolve(env.VEEAM_N8N_CACHE_DIR);
	const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
	return path.join(base, PACKAGE_NAME, `n8n-${N8N_VERSION}`);
}

/**
 * Environment every n8n process gets: no telemetry, no version checks or "what's new", no banners,
 * no templates, no community package registry (installed packages in .n8n/nodes still load: their
 * loader belongs to the community-packages module, which stays on), no MCP registry / agents module
 * lookups, loopback only.
 */
export function quietN8nEnv() {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry,agents',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_DEFAULT_LOCALE: 'en',
		DB_TYPE: 'sqlite',
	};
}
