/**
 * The immutability summary of the repositories inside a scale-out repository (its performance
 * extents, capacity extents and archive extent), read from the repositories themselves: the
 * scale-out model holds only their IDs.
 *
 * Cost: one scale-out repository reads its extents by ID, concurrently (a handful of small GETs,
 * where one paginated read would fetch every repository of the server); a list of scale-out
 * repositories reads all repositories in one paginated read, whatever the number of extents.
 * Reads only, retried as reads are; called after a change, never before it is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ImmutabilitySummary } from '../../shared/immutability';
import { immutabilityOf } from '../../shared/immutability';
import {
	archiveExtentId,
	capacityExtentIds,
	normalizeScaleOutRepository,
	performanceExtents,
} from '../../shared/scaleOutModel';
import type { VeeamClient } from '../../shared/transport/client';
import { fetchPages } from '../../shared/transport/paginate';
import { REPOSITORIES_PATH, repositoryPath } from '../../shared/transport/paths';
import { asNodeError } from './recovery';
import { isVeeamNotFound } from './rerun';

/** Repository ID (lower case) → its model, or null when VBR no longer returns it. */
type Repositories = Map<string, IDataObject | null>;

const key = (id: unknown): string => String(id).toLowerCase();

/** Every repository ID a scale-out repository refers to, once each. */
function extentIds(model: IDataObject): string[] {
	const ids = [
		...performanceExtents(model).map((extent) => String(extent.id)),
		...capacityExtentIds(model),
	];
	const archive = archiveExtentId(model);
	if (archive !== undefined) ids.push(archive);
	return [...new Map(ids.map((id) => [key(id), id])).values()];
}

/** The extents' repositories by ID, concurrently; a 404 (removed since) is null, not an error. */
async function readById(
	client: VeeamClient,
	ids: string[],
	itemIndex: number,
): Promise<Repositories> {
	const models = await Promise.all(
		ids.map(async (id) => {
			try {
				return await client.request<IDataObject>(
					{ method: 'GET', path: repositoryPath(id) },
					itemIndex,
				);
			} catch (error) {
				if (isVeeamNotFound(error)) return null;
				throw asNodeError(client, error, itemIndex);
			}
		}),
	);
	return new Map(ids.map((id, at) => [key(id), models[at]]));
}

/** The scale-out output with its repositories' summaries (VBR's own fields untouched). */
function decorate(model: IDataObject, repositories: Repositories, version: string): IDataObject {
	const output = normalizeScaleOutRepository(model);
	const summaryOf = (id: string): ImmutabilitySummary | null => {
		const repository = repositories.get(key(id));
		return repository ? immutabilityOf(repository, version) : null;
	};
	const nameOf = (id: string): string | null => {
		const name = repositories.get(key(id))?.name;
		return typeof name === 'string' ? name : null;
	};
	const entry = (id: string): IDataObject => ({
		id,
		name: nameOf(id),
		immutability: summaryOf(id) as IDataObject | null,
	});
	output.extents = (output.extents as IDataObject[]).map((extent) => ({
		...extent,
		immutability: summaryOf(String(extent.id)) as IDataObject | null,
	}));
	output.capacityExtents = capacityExtentIds(model).map(entry);
	const archive = archiveExtentId(model);
	output.archiveExtent = archive === undefined ? null : entry(archive);
	return output;
}

/** One scale-out repository as an output: its extents' repositories read by ID. */
export async function scaleOutOutput(
	client: VeeamClient,
	model: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const repositories = await readById(client, extentIds(model), itemIndex);
	return decorate(model, repositories, client.apiVersion);
}

/** A list of scale-out repositories as outputs: all repositories in one paginated read. */
export async function scaleOutOutputs(
	client: VeeamClient,
	models: IDataObject[],
	itemIndex: number,
	pageSize?: number,
): Promise<IDataObject[]> {
	const repositories: Repositories = new Map();
	if (models.some((model) => extentIds(model).length > 0)) {
		const all = await fetchPages<IDataObject>(
			client,
			REPOSITORIES_PATH,
			{},
			{ pageSize, itemIndex },
		);
		for (const repository of all) repositories.set(key(repository.id), repository);
	}
	return models.map((model) => decorate(model, repositories, client.apiVersion));
}
