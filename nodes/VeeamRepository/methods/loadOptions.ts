import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { createVeeamClient } from '../../shared/transport/client';
import { fetchPages } from '../../shared/transport/paginate';
import { OBJECT_STORAGE_TYPES } from '../../shared/repositoryTypes';
import { performanceExtents, summarizeExtents } from '../../shared/scaleOutModel';
import {
	CLOUD_CREDENTIALS_PATH,
	CREDENTIALS_PATH,
	MANAGED_SERVERS_PATH,
	REPOSITORIES_PATH,
	SCALE_OUT_REPOSITORIES_PATH,
	scaleOutRepositoryPath,
} from '../../shared/transport/paths';
import { isUuid } from '../../shared/validation';

/** Pickers list at most this many entries; beyond that, expressions with IDs or names are the way. */
const PICKER_LIMIT = 1000;

async function list(
	ctx: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject = {},
): Promise<IDataObject[]> {
	const client = await createVeeamClient(ctx);
	return await fetchPages<IDataObject>(client, path, qs, {
		limit: PICKER_LIMIT,
		pageSize: PICKER_LIMIT,
	});
}

function byName(options: INodePropertyOptions[]): INodePropertyOptions[] {
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

function serverOption(server: IDataObject): INodePropertyOptions {
	const os = String(server.type) === 'WindowsHost' ? 'Windows' : 'Linux';
	const status =
		server.status && String(server.status) !== 'Available' ? `, ${String(server.status)}` : '';
	return {
		name: `${String(server.name)} (${os}${status})`,
		value: String(server.id),
		description: String(server.description ?? ''),
	};
}

/** Windows hosts for a Windows repository, Linux hosts for Linux and hardened ones. */
export async function getRepositoryHosts(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const type = String(this.getCurrentNodeParameter('repositoryType') ?? '');
	const wanted = type === 'WinLocal' ? 'WindowsHost' : 'LinuxHost';
	const servers = await list(this, MANAGED_SERVERS_PATH);
	return byName(servers.filter((server) => server.type === wanted).map(serverOption));
}

export async function getMountServers(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const servers = await list(this, MANAGED_SERVERS_PATH);
	return byName(
		servers
			.filter((server) => server.type === 'WindowsHost' || server.type === 'LinuxHost')
			.map(serverOption),
	);
}

export async function getStandardCredentials(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const credentials = await list(this, CREDENTIALS_PATH);
	return byName(
		credentials
			.filter((entry) => String(entry.type) === 'Standard')
			.map((entry) => ({
				name: String(entry.username),
				value: String(entry.id),
				description: String(entry.description ?? ''),
			})),
	);
}

const CLOUD_CREDENTIAL_TYPE: Record<string, string> = {
	S3Compatible: 'Amazon',
	AmazonS3: 'Amazon',
	AzureBlob: 'AzureStorage',
};

/** Cloud credentials have no name in VBR; the access key or account identifies them. */
export async function getCloudCredentials(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const repositoryType = String(this.getCurrentNodeParameter('repositoryType') ?? '');
	const wanted = CLOUD_CREDENTIAL_TYPE[repositoryType];
	const credentials = await list(this, CLOUD_CREDENTIALS_PATH);
	return byName(
		credentials
			.filter((entry) => wanted === undefined || String(entry.type) === wanted)
			.map((entry) => ({
				name: `${String(entry.accessKey ?? entry.account ?? entry.id)}${entry.description ? ` (${String(entry.description)})` : ''}`,
				value: String(entry.id),
			})),
	);
}

export async function getRepositories(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const repositories = await list(this, REPOSITORIES_PATH, {
		orderColumn: 'Name',
		orderAsc: true,
	});
	return repositories.map((repository) => ({
		name: String(repository.name),
		value: String(repository.id),
		description: String(repository.type),
	}));
}

/** IDs of repositories already used by a scale-out repository (any tier). */
async function scaleOutMembers(ctx: ILoadOptionsFunctions): Promise<Set<string>> {
	const members = new Set<string>();
	for (const sobr of await list(ctx, SCALE_OUT_REPOSITORIES_PATH)) {
		for (const extent of performanceExtents(sobr)) members.add(String(extent.id).toLowerCase());
		const capacity = (sobr.capacityTier as IDataObject | undefined)?.extents;
		if (Array.isArray(capacity)) {
			for (const extent of capacity as IDataObject[]) members.add(String(extent.id).toLowerCase());
		}
		const archive = (sobr.archiveTier as IDataObject | undefined)?.extentId;
		if (typeof archive === 'string') members.add(archive.toLowerCase());
	}
	return members;
}

async function freeRepositories(
	ctx: ILoadOptionsFunctions,
	objectStorage: boolean,
): Promise<INodePropertyOptions[]> {
	const [repositories, members] = await Promise.all([
		list(ctx, REPOSITORIES_PATH, { orderColumn: 'Name', orderAsc: true }),
		scaleOutMembers(ctx),
	]);
	return repositories
		.filter((repository) => !members.has(String(repository.id).toLowerCase()))
		.filter((repository) => OBJECT_STORAGE_TYPES.has(String(repository.type)) === objectStorage)
		.map((repository) => ({
			name: String(repository.name),
			value: String(repository.id),
			description: String(repository.type),
		}));
}

/** Repositories that can become performance extents: not object storage, not in a scale-out repository. */
export async function getExtentCandidates(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await freeRepositories(this, false);
}

export async function getObjectStorageRepositories(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await freeRepositories(this, true);
}

/** The performance extents of the chosen scale-out repository, with their current status. */
export async function getScaleOutExtents(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	// The locator's raw value ({ mode, value }); an ID and a name are both accepted below.
	const chosen = this.getCurrentNodeParameter('scaleOutRepositoryId') as unknown;
	const value =
		typeof chosen === 'object' && chosen !== null ? (chosen as IDataObject).value : chosen;
	const reference = typeof value === 'string' ? value.trim() : '';
	if (reference === '') return [];
	const client = await createVeeamClient(this);
	let sobr: IDataObject | undefined;
	if (isUuid(reference as unknown)) {
		sobr = await client.request<IDataObject>({
			method: 'GET',
			path: scaleOutRepositoryPath(reference),
		});
	} else {
		const found = await list(this, SCALE_OUT_REPOSITORIES_PATH, { nameFilter: reference });
		sobr = found.find((entry) => String(entry.name).toLowerCase() === reference.toLowerCase());
	}
	if (!sobr) return [];
	return summarizeExtents(sobr).map((extent) => ({
		name: `${extent.name} (${extent.status.join(', ') || 'Unknown'})`,
		value: extent.id,
	}));
}
