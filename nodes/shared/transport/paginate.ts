import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ListResult } from '../types';
import type { VeeamClient } from './client';

export const DEFAULT_PAGE_SIZE = 200;

export interface PageOptions {
	/** Stop after this many items; undefined reads everything. */
	limit?: number;
	pageSize?: number;
	itemIndex?: number;
}

/**
 * Walks a VBR list with skip/limit until `pagination.total` is reached. Stops on an empty page
 * and refuses a server that keeps sending pages (for example one that ignores `skip`), so a list
 * can neither be silently truncated nor loop forever.
 */
export async function fetchPages<T extends IDataObject>(
	client: VeeamClient,
	path: string,
	qs: IDataObject,
	options: PageOptions = {},
): Promise<T[]> {
	const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
	const wanted = options.limit === undefined ? Infinity : Math.max(0, options.limit);
	const items: T[] = [];
	let maxPages = Infinity;
	let previousFirstId: unknown;

	for (let page = 0; items.length < wanted; page++) {
		if (page >= maxPages) {
			throw new NodeApiError(client.node, { path } as JsonObject, {
				message: `VBR kept returning pages for ${path} beyond the total it announced`,
				description: `Stopped after ${page} pages of ${pageSize} items. The server may be ignoring the skip parameter.`,
				itemIndex: options.itemIndex,
			});
		}
		const limit = Math.min(pageSize, wanted - items.length);
		const result = await client.request<ListResult<T>>(
			{ method: 'GET', path, qs: { ...qs, skip: items.length, limit } },
			options.itemIndex,
		);
		const data = Array.isArray(result?.data) ? result.data : [];
		const total =
			typeof result?.pagination?.total === 'number' ? result.pagination.total : undefined;
		if (page === 0 && total !== undefined) maxPages = Math.ceil(total / pageSize) + 2;
		if (data.length > 0 && page > 0 && data[0].id !== undefined && data[0].id === previousFirstId) {
			throw new NodeApiError(client.node, { path } as JsonObject, {
				message: `VBR returned the same page twice for ${path}`,
				description:
					'The server seems to ignore the skip parameter; stopping to avoid an endless loop.',
				itemIndex: options.itemIndex,
			});
		}
		previousFirstId = data[0]?.id;
		items.push(...data.slice(0, wanted - items.length));
		if (data.length === 0 || (total !== undefined && items.length >= total)) break;
		// Without a total, a short page is the last one.
		if (total === undefined && data.length < limit) break;
	}
	return items;
}
