import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createVeeamClient } from '../../shared/transport/client';
import { REPOSITORIES_PATH, SCALE_OUT_REPOSITORIES_PATH } from '../../shared/transport/paths';
import type { ListResult, RepositoryModel } from '../../shared/types';

const PAGE = 100;

/** Wildcards around the typed text, so "hard" finds "Linux Hardened 01". */
function searchPattern(filter: string | undefined): string | undefined {
	const typed = (filter ?? '').trim().replace(/\*/g, '');
	return typed === '' ? undefined : `*${typed}*`;
}

export async function searchRepositories(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await createVeeamClient(this);
	const skip = Number(paginationToken ?? 0) || 0;
	const result = await client.request<ListResult<RepositoryModel>>({
		method: 'GET',
		path: REPOSITORIES_PATH,
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
		results: data.map((repository) => ({
			name: `${repository.name} (${repository.type})`,
			value: repository.id,
		})),
		paginationToken:
			skip + data.length < total && data.length > 0 ? String(skip + data.length) : undefined,
	};
}

export async function searchScaleOutRepositories(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await createVeeamClient(this);
	const skip = Number(paginationToken ?? 0) || 0;
	const result = await client.request<ListResult<IDataObject>>({
		method: 'GET',
		path: SCALE_OUT_REPOSITORIES_PATH,
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
		results: data.map((sobr) => ({ name: String(sobr.name), value: String(sobr.id) })),
		paginationToken:
			skip + data.length < total && data.length > 0 ? String(skip + data.length) : undefined,
	};
}
