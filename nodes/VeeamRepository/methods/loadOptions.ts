import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { createVeeamClient } from '../../shared/transport/client';
import { fetchPages } from '../../shared/transport/paginate';
import type { ScaleOutRole } from '../../shared/repositoryTypes';
import { isKnownRepositoryType, scaleOutRoleOf } from '../../shared/repositoryTypes';
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

/**
 * A free repository offered for a tier: its type can take that role. A type this node does not know
 * (a newer server's) is offered with a warning rather than hidden; VBR refuses a wrong one.
 */
function tierCandidate(repository: IDataObject, role: ScaleOutRole): INodePropertyOptions | null {
	const type = String(repository.type);
	const known = isKnownRepositoryType(type);
	if (known && scaleOutRoleOf(type) !== role) return null;
	return {
		name: String(repository.name),
		value: String(repository.id),
		description: known
			? type
			: `${type}: a type this node does not know; VBR checks whether it can be used here`,
	};
}

async function freeRepositories(
	ctx: ILoadOptionsFunctions,
	role: ScaleOutRole,
): Promise<INodePropertyOptions[]> {
	const [repositories, members] = await Promise.all([
		list(ctx, REPOSITORIES_PATH, { orderColumn: 'Name', orderAsc: true }),
		scaleOutMembers(ctx),
	]);
	return repositories
		.filter((repository) => !members.has(String(repository.id).toLowerCase()))
		.map((repository) => tierCandidate(repository, role))
		.filter((option): option is INodePropertyOptions => option !== null);
}

/** Repositories that can become performance extents: file or block storage, not in a scale-out repository. */
export async function getExtentCandidates(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await freeRepositories(this, 'performance');
}

/** Object storage for a capacity tier (archive storage such as Glacier or VDC Vault Archive is not). */
export async function getObjectStorageRepositories(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await freeRepositories(this, 'capacity');
}

/** Archive object storage (Azure Archive, Amazon S3 Glacier, VDC Vault Archive) for an archive tier. */
export async function getArchiveTierCandidates(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await freeRepositories(this, 'archive');
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
