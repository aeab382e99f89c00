import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createVeeamClient } from '../../shared/transport/client';
import { REPOSITORIES_PATH, SCALE_OUT_REPOSITORIES_PATH } from '../../shared/transport/paths';
import type { ListResult } from '../../shared/types';

const PAGE = 100;

/** Wildcards around the typed text, so "hard" finds "Linux Hardened 01". */
function searchPattern(filter: string | undefined): string | undefined {
	const typed = (filter ?? '').trim().replace(/\*/g, '');
	return typed === '' ? undefined : `*${typed}*`;
}

/** One page of a VBR list by name, for a resource locator; the token is the next `skip`. */
async function searchByName(
	ctx: ILoadOptionsFunctions,
	path: string,
	label: (entry: IDataObject) => string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await createVeeamClient(ctx);
	const skip = Number(paginationToken ?? 0) || 0;
	const result = await client.request<ListResult<IDataObject>>({
		method: 'GET',
		path,
		qs: {
			nameFilter: searchPattern(filter),
			orderColumn: 'Name',
			orderAsc: true,
			skip,
			limit: PAGE,
		},
	});
	const data = result.data ?? [];
	const total = result.pagination?.total ?? data.length;
	return {
		results: data.map((entry) => ({ name: label(entry), value: String(entry.id) })),
		paginationToken:
			skip + data.length < total && data.length > 0 ? String(skip + data.length) : undefined,
	};
}

export async function searchRepositories(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const label = (repository: IDataObject) =>
		`${String(repository.name)} (${String(repository.type)})`;
	return await searchByName(this, REPOSITORIES_PATH, label, filter, paginationToken);
}

export async function searchScaleOutRepositories(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const label = (sobr: IDataObject) => String(sobr.name);
	return await searchByName(this, SCALE_OUT_REPOSITORIES_PATH, label, filter, paginationToken);
}
