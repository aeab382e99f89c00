import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { createVeeamClient } from '../../shared/transport/client';
import { fetchPages } from '../../shared/transport/paginate';
import {
	CLOUD_CREDENTIALS_PATH,
	CREDENTIALS_PATH,
	MANAGED_SERVERS_PATH,
	REPOSITORIES_PATH,
} from '../../shared/transport/paths';

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
